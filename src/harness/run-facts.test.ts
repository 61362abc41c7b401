import { chosenFacts, deployedFacts, factLines } from "./run-facts.ts";
import { stackPlanFor } from "./stack-plan.ts";

const choice = {
  kind: "embedded" as const,
  reason: "TEST_BACKEND=auto and no Docker engine answered at unix:///var/run/docker.sock (ENOENT)",
};

describe("the run's facts", () => {
  test("say which backend, why, with which settings, on which clock, and which scenarios", () => {
    expect(chosenFacts(choice, stackPlanFor("embedded"), { TAGS: "@smoke" })).toEqual([
      { label: "Backend", value: "embedded" },
      { label: "Why", value: choice.reason },
      {
        label: "Stack settings",
        value:
          "production: function timeout 30 s, visibility timeout 180 s, dead letter after 2 failed receives from the task queue (about 360 s)",
      },
      {
        label: "Clock",
        value: "skips idle time: jumps to the next timer whenever the embedded cloud is idle",
      },
      { label: "Scenarios", value: "those tagged @smoke" },
    ]);
  });

  test("open the run as labelled, aligned lines under one that names the backend", () => {
    const facts = [
      ...chosenFacts(choice, stackPlanFor("embedded"), {}),
      ...deployedFacts("http://127.0.0.1:4566", ""),
    ];
    expect(factLines(facts)).toEqual([
      "orderflow scenarios on the embedded backend",
      `  why             ${choice.reason}`,
      "  stack settings  production: function timeout 30 s, visibility timeout 180 s, dead letter after 2 failed receives from the task queue (about 360 s)",
      "  clock           skips idle time: jumps to the next timer whenever the embedded cloud is idle",
      "  aws endpoint    http://127.0.0.1:4566",
    ]);
  });

  test("name real AWS and a shared backend's prefix", () => {
    expect(deployedFacts(undefined, "of-1a2b3c4d-")).toEqual([
      { label: "AWS endpoint", value: "none: real AWS" },
      { label: "Resource prefix", value: "of-1a2b3c4d-" },
    ]);
  });
});
