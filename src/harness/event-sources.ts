import {
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { eventually } from "./eventually.ts";

/** Pauses and resumes a function's queue trigger (its SQS event source mapping). */
export class EventSources {
  private readonly lambda: LambdaClient;
  constructor(lambda: LambdaClient) {
    this.lambda = lambda;
  }

  private async mappingOf(functionName: string): Promise<string> {
    const res = await this.lambda.send(
      new ListEventSourceMappingsCommand({ FunctionName: functionName }),
    );
    const uuid = res.EventSourceMappings?.[0]?.UUID;
    if (!uuid) throw new Error(`${functionName} has no event source mapping`);
    return uuid;
  }

  async setEnabled(functionName: string, enabled: boolean): Promise<void> {
    const UUID = await this.mappingOf(functionName);
    await this.lambda.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: enabled }));
    const wanted = enabled ? "Enabled" : "Disabled";
    await eventually(
      async () => {
        const state = (await this.lambda.send(new GetEventSourceMappingCommand({ UUID }))).State;
        return state === wanted ? state : undefined;
      },
      { timeout: "30s", interval: "100ms", what: `the trigger of ${functionName} to be ${wanted}` },
    );
  }
}
