import { Readable } from "node:stream";
import { escapeXml, readBody } from "./wire.ts";

test("escapeXml escapes the five characters XML reserves, and nothing else", () => {
  expect(escapeXml(`a<b>&"c"'d' é`)).toBe("a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos; é");
});

test("readBody joins the chunks of a request", async () => {
  const body = await readBody(Readable.from([Buffer.from("Action="), Buffer.from("GetRole")]));
  expect(body.toString()).toBe("Action=GetRole");
});

test("readBody refuses a body over the limit with the error the service asks for", async () => {
  const tooLarge = (limit: number) => new RangeError(`at most ${limit} bytes`);
  await expect(
    readBody(Readable.from([Buffer.alloc(3), Buffer.alloc(3)]), { limit: 5, tooLarge }),
  ).rejects.toThrow(new RangeError("at most 5 bytes"));
  await expect(readBody(Readable.from([Buffer.alloc(6)]), { limit: 5 })).rejects.toThrow(
    "request body larger than 5 bytes",
  );
});
