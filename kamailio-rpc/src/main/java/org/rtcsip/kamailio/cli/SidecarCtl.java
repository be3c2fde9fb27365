package org.rtcsip.kamailio.cli;

import java.io.PrintWriter;
import java.time.Duration;
import org.rtcsip.kamailio.asterisk.AsteriskException;
import org.rtcsip.kamailio.rpc.KamailioException;
import org.rtcsip.kamailio.rpc.KamailioRpcClient;
import org.rtcsip.kamailio.rpc.KamailioUnreachableException;
import org.rtcsip.kamailio.sidecar.SidecarHttpClient;
import org.rtcsip.kamailio.sidecar.SidecarNgClient;
import org.rtcsip.kamailio.sidecar.SidecarRefusedException;
import org.rtcsip.kamailio.sidecar.SidecarUnreachableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code sidecarctl}: one command for each runbook step. The global options live here and are
 * accepted anywhere on the command line; command groups are subcommands (add new groups to
 * {@code subcommands} below and read the options through {@link #of(CommandSpec)}).
 *
 * <p>Exit codes scripts can trust: {@link #OK}, {@link #KAMAILIO_ERROR} (Kamailio or the sidecar
 * said no), {@link #USAGE}, {@link #UNREACHABLE} (Kamailio or the sidecar did not answer);
 * {@link #INTERNAL_ERROR} only for a bug in sidecarctl itself.
 */
@Command(name = "sidecarctl",
        description = "Operator commands for rtc-sip-sidecar: Kamailio's WebSocket clients, its media "
                + "sidecars (rtpengine set) and statistics over Kamailio's JSON-RPC; one sidecar's calls "
                + "and drain over its HTTP (--sidecar-url) and ng socket (--ng-url); the Asterisk half: ari-bridge's "
                + "calls and Asterisk's channels and bridges (asterisk --help).",
        subcommands = {KamailioCommand.class, SessionsCommand.class, DrainCommand.class, PingCommand.class,
            AsteriskCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done",
                "1:Kamailio, the sidecar, Asterisk or ari-bridge answered with an error (or the operation failed, "
                        + "or the call does not exist)",
                "2:usage error",
                "3:Kamailio unreachable (reads were retried with backoff), or the sidecar, Asterisk or ari-bridge "
                        + "unreachable",
                "70:bug in sidecarctl"},
        footer = {"", "Examples:",
                "  sidecarctl kamailio ws list",
                "  sidecarctl kamailio rtpengine disable udp:10.0.0.5:2223",
                "  sidecarctl --json kamailio stats websocket | jq .",
                "  sidecarctl sessions list",
                "  sidecarctl drain --wait",
                "  sidecarctl asterisk calls"})
public final class SidecarCtl implements Runnable {

    public static final int OK = 0;
    public static final int KAMAILIO_ERROR = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;
    public static final int INTERNAL_ERROR = 70;

    @Option(names = "--rpc-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:SIDECARCTL_RPC_URL:-" + KamailioRpcClient.DEFAULT_URL + "}",
            description = "Kamailio's JSON-RPC URL (env SIDECARCTL_RPC_URL; default ${DEFAULT-VALUE}). "
                    + "https works; basic auth from env SIDECARCTL_RPC_USER / SIDECARCTL_RPC_PASSWORD.")
    private String rpcUrl;

    @Option(names = "--rpc-timeout", scope = ScopeType.INHERIT, paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds to wait for Kamailio's answer (default ${DEFAULT-VALUE}).")
    private int rpcTimeoutSeconds;

    @Option(names = "--sidecar-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:SIDECARCTL_SIDECAR_URL:-" + SidecarHttpClient.DEFAULT_URL + "}",
            description = "The sidecar's operator HTTP, its listen-http (env SIDECARCTL_SIDECAR_URL; default "
                    + "${DEFAULT-VALUE}): sessions list/show, drain.")
    private String sidecarUrl;

    @Option(names = "--ng-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:SIDECARCTL_NG_URL:-" + SidecarNgClient.DEFAULT_URL + "}",
            description = "The sidecar's ng control socket, its listen-ng, as kamailio.cfg's rtpengine_sock writes "
                    + "it (env SIDECARCTL_NG_URL; default ${DEFAULT-VALUE}): sessions delete, ping.")
    private String ngUrl;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print JSON for scripts instead of tables.")
    private boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    private boolean help;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs sidecarctl with the given streams and returns its exit code (tests call this). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new SidecarCtl());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(SidecarCtl::exitCodeOf);
        commandLine.setParameterExceptionHandler(SidecarCtl::usageError);
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The root command's options, from any (sub)command's spec. */
    public static SidecarCtl of(CommandSpec spec) {
        return (SidecarCtl) spec.root().userObject();
    }

    /** A client for {@code --rpc-url}; the caller closes it. */
    public KamailioRpcClient kamailio() {
        if (rpcTimeoutSeconds < 1 || rpcTimeoutSeconds > 600) {
            throw new ParameterException(spec.commandLine(), "--rpc-timeout must be 1..600 seconds, got "
                    + rpcTimeoutSeconds);
        }
        KamailioRpcClient.Builder builder;
        try {
            builder = KamailioRpcClient.builder(rpcUrl);
        } catch (IllegalArgumentException badUrl) {
            throw new ParameterException(spec.commandLine(), "--rpc-url: " + badUrl.getMessage());
        }
        builder.readTimeout(Duration.ofSeconds(rpcTimeoutSeconds));
        String user = System.getenv("SIDECARCTL_RPC_USER");
        if (user != null && !user.isEmpty()) {
            String password = System.getenv("SIDECARCTL_RPC_PASSWORD");
            builder.basicAuth(user, password == null ? "" : password);
        }
        return builder.build();
    }

    /** A client for the sidecar's HTTP at {@code --sidecar-url}; the caller closes it. */
    public SidecarHttpClient sidecarHttp() {
        try {
            return new SidecarHttpClient(sidecarUrl, Duration.ofSeconds(5));
        } catch (IllegalArgumentException badUrl) {
            throw new ParameterException(spec.commandLine(), "--sidecar-url: " + badUrl.getMessage());
        }
    }

    /** A client for the sidecar's ng socket at {@code --ng-url} (1 s per attempt, 3 attempts); the caller closes it. */
    public SidecarNgClient sidecarNg() {
        try {
            return new SidecarNgClient(ngUrl, Duration.ofSeconds(1), 3);
        } catch (IllegalArgumentException badUrl) {
            throw new ParameterException(spec.commandLine(), "--ng-url: " + badUrl.getMessage());
        }
    }

    /** Whether {@code --json} was given. */
    public boolean json() {
        return json;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing COMMAND");
    }

    private static int exitCodeOf(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (failure instanceof KamailioUnreachableException || failure instanceof SidecarUnreachableException
                || failure instanceof AsteriskException a && !a.answered()) {
            err.println("sidecarctl: " + failure.getMessage());
            return UNREACHABLE;
        }
        if (failure instanceof KamailioException || failure instanceof OperationFailedException
                || failure instanceof SidecarRefusedException || failure instanceof AsteriskException) {
            err.println("sidecarctl: " + failure.getMessage());
            return KAMAILIO_ERROR;
        }
        err.println("sidecarctl: internal error (a bug, please report it): " + failure);
        failure.printStackTrace(err);
        return INTERNAL_ERROR;
    }

    private static int usageError(ParameterException problem, String[] args) {
        CommandLine command = problem.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("sidecarctl: " + problem.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(problem, err)) {
            err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
        }
        return USAGE;
    }
}
