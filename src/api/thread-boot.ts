// The API thread's first module: turns on Node's on-disk compile cache before the imports of
// thread-entry.ts are loaded (about 60 ms off a thread's start once the cache is warm).
import { enableCompileCache } from "node:module";

enableCompileCache();
await import("./thread-entry.ts");
