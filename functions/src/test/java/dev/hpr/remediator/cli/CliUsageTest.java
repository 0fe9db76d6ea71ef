package dev.hpr.remediator.cli;

import dev.hpr.remediator.usecase.ReadOnlyDiagnosis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.aws.IamPermissions;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.iam.IamPermission;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The CLI explains itself: help, one command's help, a mistyped command, the exit codes, the read-only policy. */
class CliUsageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String BEGIN = "<!-- exit-codes:begin (generated from dev.hpr.remediator.cli.ExitCode;"
            + " CliUsageTest checks it) -->";
    static final String END = "<!-- exit-codes:end -->";

    record Run(int exit, String stdout, String stderr) {
    }

    /** No AWS anywhere: none of these commands may make a call. */
    private static Run cli(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = Main.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void help_listsEveryCommand_andEveryExitCode() {
        for (String flag : List.of("--help", "-h", "help")) {
            Run run = cli(flag);
            assertEquals(0, run.exit());
            for (Usage usage : Usage.values()) {
                assertTrue(run.stdout().contains(usage.synopsis()), flag + ": " + run.stdout());
            }
            for (ExitCode code : ExitCode.values()) {
                assertTrue(run.stdout().contains("  " + code.status() + "  " + code.meaning()), run.stdout());
            }
        }
    }

    @Test
    void helpCommand_andCommandHelp_printThatCommandsPage() {
        Run help = cli("help", "diagnose");
        Run flag = cli("diagnose", "--help");

        assertEquals(0, help.exit());
        assertTrue(help.stdout().startsWith("usage: java -jar hot-partition-remediator.jar diagnose TABLE"),
                help.stdout());
        assertTrue(help.stdout().contains("--window MINUTES"), help.stdout());
        assertEquals(help, flag);
    }

    @Test
    void mistypedCommand_getsOneLineWithTheCommands_andExit2() {
        Run run = cli("diagnos", "orders");

        assertEquals(ExitCode.USAGE.status(), run.exit());
        assertEquals("", run.stdout());
        assertEquals(List.of("unknown command 'diagnos' (did you mean diagnose?); commands: diagnose, permissions,"
                + " invoke, sweep, forecast, approve, reject, help; see java -jar hot-partition-remediator.jar --help"),
                run.stderr().lines().toList());
    }

    @Test
    void wrongArguments_getOneLineWithThatCommandsUsage_andExit2() {
        List<Run> runs = List.of(cli("diagnose"), cli("diagnose", "orders", "--window", "0"),
                cli("diagnose", "orders", "--frobnicate"), cli("invoke"), cli("approve"), cli("sweep", "now"),
                cli("permissions"), cli("help", "nope"));
        for (Run run : runs) {
            assertEquals(ExitCode.USAGE.status(), run.exit(), run.toString());
            assertEquals(1, run.stderr().lines().count(), run.toString());
            assertEquals("", run.stdout());
        }
        assertTrue(runs.get(1).stderr().startsWith("--window takes whole minutes from 1 to 1440, got '0'; usage: "),
                runs.get(1).stderr());
    }

    @Test
    void noArguments_printsTheOverviewOnStderr_andExit2() {
        Run run = cli();

        assertEquals(ExitCode.USAGE.status(), run.exit());
        assertTrue(run.stderr().startsWith("usage:\n"), run.stderr());
    }

    @Test
    void exitCodes_areDistinct_andDocsCliListsThem() throws IOException {
        assertEquals(ExitCode.values().length, Arrays.stream(ExitCode.values()).map(ExitCode::status).distinct().count());
        var expected = new ArrayList<String>();
        expected.add("| exit code | meaning |");
        expected.add("|---|---|");
        for (ExitCode code : ExitCode.values()) {
            expected.add("| " + code.status() + " | " + code.meaning() + " |");
        }
        Path page = Path.of(System.getProperty("hpr.repoRoot", "..")).resolve("docs/cli.md");
        List<String> lines = Files.readAllLines(page);
        int begin = lines.indexOf(BEGIN);
        int end = lines.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "docs/cli.md has no exit code table between " + BEGIN + " and " + END);
        assertEquals(String.join("\n", expected), String.join("\n", lines.subList(begin + 1, end)),
                "docs/cli.md's exit codes differ from ExitCode; paste this between the markers:\n"
                        + String.join("\n", expected));
    }

    @Test
    void readOnlyPolicy_isTheReadersDeclarations_noWrite_andTablesNarrowIt() throws IOException {
        // given
        Run every = cli("permissions", "--read-only");
        Run orders = cli("permissions", "--read-only", "orders");

        // then its actions are the diagnosis' declared permissions, none of them a change's
        assertEquals(0, every.exit(), every.stderr());
        JsonNode policy = JSON.readTree(every.stdout());
        assertEquals("2012-10-17", policy.path("Version").asText());
        var actions = new TreeSet<String>();
        policy.path("Statement").forEach(s -> s.path("Action").forEach(a -> actions.add(a.asText())));
        var declared = new TreeSet<String>();
        ReadOnlyDiagnosis.PERMISSIONS.forEach(p -> declared.add(p.action()));
        assertEquals(declared, actions);
        for (Class<?> type : Action.class.getPermittedSubclasses()) {
            for (IamPermission write : IamPermissions.declaredBy(type)) {
                // DescribeAlarms is the one read the actions declare (Application Auto Scaling's check of the caller)
                assertFalse(actions.contains(write.action()) && !write.action().equals("cloudwatch:DescribeAlarms"),
                        write.action());
            }
        }
        assertFalse(actions.contains("sns:Publish"));
        // and table names narrow the table actions to them
        Set<String> resources = new TreeSet<>();
        JSON.readTree(orders.stdout()).path("Statement")
                .forEach(s -> s.path("Resource").forEach(r -> resources.add(r.asText())));
        assertTrue(resources.contains("arn:aws:dynamodb:*:*:table/orders"), resources.toString());
        assertTrue(resources.contains("arn:aws:dynamodb:*:*:table/orders/index/*"), resources.toString());
        assertFalse(resources.contains("arn:aws:dynamodb:*:*:table/*"), resources.toString());
    }
}
