package dev.portcullis.proxy.daemon;

import dev.portcullis.tls.ca.CaGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code portcullis ca ...}: the organisation CA that signs inspected connections. */
@Command(name = "ca", description = "Manage the organisation CA used for TLS inspection.",
        subcommands = {CaCommand.Init.class})
final class CaCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("portcullis ca: say what to do, e.g. 'portcullis ca init --out DIR'");
        return 2;
    }

    @Command(name = "init", description = "Create a new CA (ca.pem, and ca.key readable by the owner only) in DIR.")
    static final class Init implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for ca.pem and ca.key.")
        Path out;

        @Option(names = "--name", paramLabel = "NAME", description = "CA common name (default: ${DEFAULT-VALUE}).")
        String name = CaGenerator.DEFAULT_NAME;

        @Option(names = "--days", paramLabel = "N", description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days = CaGenerator.DEFAULT_DAYS;

        @Override
        public Integer call() {
            try {
                CaGenerator.CaFiles files = CaGenerator.generate(out, name, days);
                System.out.println("Created " + files.certificate() + " and " + files.key()
                        + " (keep the key secret; run with --ca-cert and --ca-key).");
                System.out.println();
                System.out.println(CaGenerator.installInstructions(files.certificate()));
                return 0;
            } catch (FileAlreadyExistsException e) {
                System.err.println("portcullis ca init: " + e.getFile() + " already exists; refusing to overwrite it");
                return 1;
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("portcullis ca init: " + e.getMessage());
                return 1;
            }
        }
    }
}
