package dev.hpr.remediator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules, enforced by the build: the floors of {@code functions/} and which way the arrows point. From the
 * bottom: {@code core} (pure decisions: {@code core.model} ← {@code core.action} ← {@code core.diagnosis},
 * {@code core.state} ← {@code core.planning}), the adapters ({@code aws}, one per AWS service), the use cases
 * ({@code usecase}), the entry points ({@code handler}, {@code cli}). An import that points up, or a cycle between
 * packages, fails here with the classes that made it.
 */
class PackageRulesTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.hpr.remediator");
    }

    @Test
    void core_usesNoAwsSdk() {
        noClasses().that().resideInAPackage("dev.hpr.remediator.core..")
                .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
                .check(main);
    }

    @Test
    void core_importsNothingAboveIt() {
        noClasses().that().resideInAPackage("dev.hpr.remediator.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hpr.remediator.aws..",
                        "dev.hpr.remediator.usecase..", "dev.hpr.remediator.handler..", "dev.hpr.remediator.cli..",
                        "dev.hpr.remediator.finding..", "dev.hpr.remediator.event..", "dev.hpr.remediator.config..",
                        "dev.hpr.remediator.logging..")
                .check(main);
    }

    @Test
    void coreLayers_pointDownOnly() {
        noClasses().that().resideInAPackage("dev.hpr.remediator.core.model..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hpr.remediator.core.action..",
                        "dev.hpr.remediator.core.diagnosis..", "dev.hpr.remediator.core.state..",
                        "dev.hpr.remediator.core.planning..", "dev.hpr.remediator.core.forecast..")
                .check(main);
        noClasses().that().resideInAPackage("dev.hpr.remediator.core.action..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hpr.remediator.core.diagnosis..",
                        "dev.hpr.remediator.core.state..", "dev.hpr.remediator.core.planning..")
                .check(main);
        noClasses().that().resideInAnyPackage("dev.hpr.remediator.core.diagnosis..", "dev.hpr.remediator.core.state..")
                .should().dependOnClassesThat().resideInAPackage("dev.hpr.remediator.core.planning..")
                .check(main);
    }

    @Test
    void adapters_importNoUseCaseOrEntryPoint() {
        noClasses().that().resideInAnyPackage("dev.hpr.remediator.aws..", "dev.hpr.remediator.finding..",
                        "dev.hpr.remediator.event..", "dev.hpr.remediator.config..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hpr.remediator.usecase..",
                        "dev.hpr.remediator.handler..", "dev.hpr.remediator.cli..")
                .check(main);
    }

    @Test
    void useCases_importNoEntryPoint() {
        noClasses().that().resideInAPackage("dev.hpr.remediator.usecase..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hpr.remediator.handler..",
                        "dev.hpr.remediator.cli..")
                .check(main);
    }

    @Test
    void packages_formNoCycle() {
        slices().matching("dev.hpr.remediator.(**)").should().beFreeOfCycles().check(main);
    }
}
