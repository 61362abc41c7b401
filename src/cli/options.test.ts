import { chooseSettings, listenersOf, parseCommand, UsageError, type Command } from "./options.ts";

/** The command `argv` reads as, checked to be `name`. */
function parsedAs<N extends Command["name"]>(name: N, argv: string[]) {
  const command = parseCommand(argv);
  expect(command.name).toBe(name);
  return command as Extract<Command, { name: N }>;
}

describe("parseCommand", () => {
  test("no command means up, on the default ports", () => {
    expect(parseCommand([])).toMatchObject({ name: "up", port: undefined, cloudPort: undefined });
    expect(parseCommand(["up", "--port", "0", "--cloud-port", "4600"])).toMatchObject({
      port: 0,
      cloudPort: 4600,
    });
    expect(parseCommand(["up", "--port", "0", "--cloud-port", "0"])).toMatchObject({
      port: 0,
      cloudPort: 0,
    });
  });

  test("up takes a data directory and named settings, local by default", () => {
    expect(parsedAs("up", ["up", "--data-dir", "/tmp/orderflow-data"]).dataDir).toBe(
      "/tmp/orderflow-data",
    );
    expect(parsedAs("up", ["up"]).dataDir).toBeUndefined();
    expect(parsedAs("up", ["up"]).settings.visibilityTimeoutSeconds).toBe(30);
    expect(parsedAs("up", ["up", "--settings", "test"]).settings.visibilityTimeoutSeconds).toBe(5);
  });

  test("deploy takes an endpoint, a prefix and named settings", () => {
    const deploy = parsedAs("deploy", [
      "deploy",
      "--endpoint",
      "http://127.0.0.1:4566",
      "--prefix",
      "dev-",
      "--settings",
      "test",
    ]);
    expect(deploy).toMatchObject({
      endpoint: "http://127.0.0.1:4566",
      prefix: "dev-",
      settingsName: "test",
    });
    expect(parsedAs("deploy", ["deploy"]).settingsName).toBeUndefined();
  });

  test("deploy applies local settings against an endpoint and production ones on AWS, unless told", () => {
    expect(chooseSettings(undefined, "dev-", "http://localhost:4566")).toMatchObject({
      name: "local",
      why: "the default against an endpoint",
      settings: { prefix: "dev-", visibilityTimeoutSeconds: 30 },
    });
    expect(chooseSettings(undefined, "", undefined)).toMatchObject({
      name: "production",
      why: "the default on AWS",
      settings: { visibilityTimeoutSeconds: 180 },
    });
    expect(chooseSettings("production", "", "http://localhost:4566")).toMatchObject({
      name: "production",
      why: "--settings production",
    });
  });

  test("destroy and api take a prefix; without an endpoint they use the environment's", () => {
    expect(parseCommand(["destroy"])).toEqual({ name: "destroy", endpoint: undefined, prefix: "" });
    expect(parseCommand(["api", "--prefix", "dev-", "--port", "0"])).toEqual({
      name: "api",
      endpoint: undefined,
      prefix: "dev-",
      port: 0,
      host: undefined,
    });
  });

  test("policy takes a prefix pattern, a region, an account and a repository to trust", () => {
    expect(parseCommand(["policy"])).toEqual({
      name: "policy",
      prefix: "of-*-",
      region: "*",
      account: "*",
      trust: undefined,
    });
    expect(
      parseCommand([
        "policy",
        "--region",
        "eu-west-1",
        "--account",
        "123456789012",
        "--trust",
        "acme/orderflow",
      ]),
    ).toMatchObject({ region: "eu-west-1", account: "123456789012", trust: "acme/orderflow" });
    expect(() => parseCommand(["policy", "--account", "12"])).toThrow(
      '--account does not take "12"',
    );
    expect(() => parseCommand(["policy", "--region", "Europe"])).toThrow(
      '--region does not take "Europe"',
    );
  });

  test("cloud keeps real time unless told to skip idle time", () => {
    expect(parseCommand(["cloud"])).toMatchObject({ name: "cloud", time: "real" });
    expect(parseCommand(["cloud", "--time", "skip"])).toMatchObject({
      name: "cloud",
      time: "skip",
    });
  });

  test("help, as a command or a flag", () => {
    expect(parseCommand(["help"])).toEqual({ name: "help" });
    expect(parseCommand(["deploy", "-h"])).toEqual({ name: "help" });
  });

  test("each command that listens names its ports, defaults applied, with the flag for each", () => {
    expect(listenersOf(parseCommand(["up", "--port", "0", "--host", "0.0.0.0"]))).toEqual([
      { port: 0, host: "0.0.0.0", flag: "--port" },
      { port: 4566, host: "0.0.0.0", flag: "--cloud-port" },
    ]);
    expect(listenersOf(parseCommand(["cloud"]))).toEqual([
      { port: 4566, host: undefined, flag: "--port" },
    ]);
    expect(listenersOf(parseCommand(["api", "--port", "3100"]))).toEqual([
      { port: 3100, host: undefined, flag: "--port" },
    ]);
    expect(listenersOf(parseCommand(["deploy"]))).toEqual([]);
  });

  test.each([
    [["launch"], 'unknown command "launch"'],
    [["up", "extra"], 'unexpected argument "extra"'],
    [["up", "--endpoint", "http://x"], "up does not take --endpoint"],
    [["up", "--port", "http"], '--port must be a port number 0-65535, not "http"'],
    [["up", "--cloud-port", "4566x"], "--cloud-port must be a port number"],
    [["cloud", "--port", "70000"], "--port must be a port number 0-65535"],
    [["up", "--port", "4600", "--cloud-port", "4600"], "--port and --cloud-port are both 4600"],
    [["up", "--port", "4566"], "--port and --cloud-port are both 4566: the API and the cloud"],
    [["deploy", "--endpoint", "localhost:4566"], "--endpoint must be an http(s) URL"],
    [["deploy", "--prefix", "Dev_"], "--prefix: invalid stack settings: prefix: must be lowercase"],
    [
      ["destroy", "--prefix", "Dev_"],
      "--prefix: invalid stack settings: prefix: must be lowercase",
    ],
    [["deploy", "--settings", "fast"], '--settings must be production, local or test, not "fast"'],
    [["destroy", "--settings", "test"], "destroy does not take --settings"],
    [["deploy", "--verbose"], "Unknown option '--verbose'"],
    [["up", "--data-dir", ""], "--data-dir must name a directory"],
    [["cloud", "--data-dir", "/tmp/x"], "cloud does not take --data-dir"],
    [["cloud", "--time", "fast"], '--time must be real or skip, not "fast"'],
    [["up", "--time", "skip"], "up does not take --time"],
    [["constructor"], 'unknown command "constructor"'],
  ])("%j is refused: %s", (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });
});
