package dev.filelock.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The file-lock sample application. Without a profile it runs the main job
 * ({@link dev.filelock.sample.job.MainJob}) and exits with its verdict; with {@code redis} it runs
 * the two-machines job ({@link dev.filelock.sample.job.TwoMachinesJob}) instead; with {@code web} it
 * serves HTTP until stopped; with {@code worker} it is one of the jobs' workers.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class, args);
        if (!(context instanceof WebServerApplicationContext)) {
            System.exit(SpringApplication.exit(context));
        }
    }
}
