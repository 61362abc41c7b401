import {
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { eventually } from "./eventually.ts";

/** States on the way to (or at) Enabled and Disabled. */
const heading = {
  Enabled: ["Enabled", "Enabling", "Creating"],
  Disabled: ["Disabled", "Disabling"],
};

/** Pauses and resumes a function's queue trigger (its SQS event source mapping). */
export class EventSources {
  private readonly lambda: LambdaClient;
  constructor(lambda: LambdaClient) {
    this.lambda = lambda;
  }

  private async mappingOf(functionName: string): Promise<{ uuid: string; state: string }> {
    const res = await this.lambda.send(
      new ListEventSourceMappingsCommand({ FunctionName: functionName }),
    );
    const mapping = res.EventSourceMappings?.[0];
    if (!mapping?.UUID) throw new Error(`${functionName} has no event source mapping`);
    return { uuid: mapping.UUID, state: mapping.State ?? "" };
  }

  async stateOf(functionName: string): Promise<string> {
    return (await this.mappingOf(functionName)).state;
  }

  async setEnabled(functionName: string, enabled: boolean): Promise<void> {
    const { uuid: UUID, state } = await this.mappingOf(functionName);
    const wanted = enabled ? "Enabled" : "Disabled";
    // LocalStack rebuilds a mapping's poller on every update, even one that changes nothing,
    // and the old poller can write Disabled after the new one wrote Enabled: an update that
    // changes nothing is never sent.
    if (!heading[wanted].includes(state)) {
      await this.lambda.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: enabled }));
    }
    await eventually(
      async () => {
        const now = (await this.lambda.send(new GetEventSourceMappingCommand({ UUID }))).State;
        return now === wanted ? now : undefined;
      },
      { timeout: "30s", interval: "100ms", what: `the trigger of ${functionName} to be ${wanted}` },
    );
  }
}
