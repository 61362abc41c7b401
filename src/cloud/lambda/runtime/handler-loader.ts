// Runs inside an execution environment (worker thread): finds and loads the handler the way
// the Lambda Node.js runtime interface client does, with the same Runtime.* error names.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ErrorBody } from "./worker-protocol.ts";

export type Handler = (event: unknown, context: unknown, callback: unknown) => unknown;

export class RuntimeError extends Error {
  constructor(type: string, message: string) {
    super(message);
    this.name = type;
  }
}

const require = createRequire(import.meta.url);

export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof Error) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: (error.stack ?? "").split("\n"),
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

export async function loadHandler(taskRoot: string, fullHandler: string): Promise<Handler> {
  if (fullHandler.includes("..")) {
    throw new RuntimeError(
      "Runtime.MalformedHandlerName",
      "'../' not allowed in handler name. Relative paths are not supported.",
    );
  }
  const base = path.basename(fullHandler);
  const moduleRoot = fullHandler.slice(0, fullHandler.length - base.length);
  const match = /^([^.]*)\.(.*)$/.exec(base);
  if (!match?.[1] || !match[2])
    throw new RuntimeError("Runtime.MalformedHandlerName", "Bad handler");
  const moduleName = match[1];
  const exported = resolveExport(
    await loadModule(path.resolve(taskRoot, moduleRoot, moduleName), moduleName),
    match[2],
  );
  if (exported === undefined) {
    throw new RuntimeError(
      "Runtime.HandlerNotFound",
      `${fullHandler} is undefined or not exported`,
    );
  }
  if (typeof exported !== "function") {
    throw new RuntimeError("Runtime.HandlerNotFound", `${fullHandler} is not a function`);
  }
  return exported as Handler;
}

function resolveExport(module: unknown, exportPath: string): unknown {
  let value = module;
  for (const key of exportPath.split(".")) {
    if (value === null || value === undefined) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

async function loadModule(lambdaStylePath: string, moduleName: string): Promise<unknown> {
  try {
    for (const extension of [".js", ".mjs", ".cjs"]) {
      const file = lambdaStylePath + extension;
      if (existsSync(file)) return await loadFile(file, extension);
    }
  } catch (error) {
    throw classifyLoadError(error);
  }
  throw new RuntimeError(
    "Runtime.ImportModuleError",
    `Error: Cannot find module '${moduleName}'\nRequire stack:\n- /var/runtime/index.mjs`,
  );
}

async function loadFile(file: string, extension: string): Promise<unknown> {
  const esm = extension === ".mjs" || (extension === ".js" && nearestTypeIsModule(file));
  if (esm) return import(pathToFileURL(file).href);
  try {
    return require(file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    // A .js file with ESM syntax, or top-level await, that Node will not require().
    if (code === "ERR_REQUIRE_ESM" || code === "ERR_REQUIRE_ASYNC_MODULE") {
      return import(pathToFileURL(file).href);
    }
    throw error;
  }
}

function nearestTypeIsModule(file: string): boolean {
  let dir = path.dirname(file);
  for (;;) {
    const candidate = path.join(dir, "package.json");
    if (existsSync(candidate)) {
      try {
        return (
          (JSON.parse(readFileSync(candidate, "utf8")) as { type?: unknown }).type === "module"
        );
      } catch {
        return false;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

function classifyLoadError(error: unknown): unknown {
  if (error instanceof SyntaxError) {
    return new RuntimeError("Runtime.UserCodeSyntaxError", String(error));
  }
  const code = (error as { code?: string } | undefined)?.code;
  if (code === "MODULE_NOT_FOUND" || code === "ERR_MODULE_NOT_FOUND") {
    return new RuntimeError("Runtime.ImportModuleError", String(error));
  }
  return error;
}
