// Loaded before each test file in Stryker's runs only (see stryker.config.mjs). A mutant that
// breaks a property is killed by its first counterexample; shrinking that to the smallest one
// helps a person read a failure, not Stryker, and on a busy machine it can outlast the mutant's
// time limit, which turns a plain kill into a "timeout".
import fc from "fast-check";

fc.configureGlobal({ endOnFailure: true });
