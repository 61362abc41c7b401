import { jsonOfLine } from "./function-logs.ts";

describe("jsonOfLine", () => {
  test("reads a Powertools line as the function wrote it", () => {
    expect(jsonOfLine('{"level":"ERROR","message":"order rejected","order_id":"ORD-1"}')).toEqual({
      level: "ERROR",
      message: "order rejected",
      order_id: "ORD-1",
    });
  });

  test("reads past the timestamp, request id and level a runtime puts before console lines", () => {
    const line =
      '2026-11-24T23:33:10.859Z\tddf4e651\tINFO\t{"message":"order priced","order_id":"ORD-2"}';
    expect(jsonOfLine(line)).toMatchObject({ message: "order priced", order_id: "ORD-2" });
  });

  test("ignores the runtime's own lines and broken JSON", () => {
    expect(jsonOfLine("START RequestId: a1070939 Version: $LATEST")).toBeUndefined();
    expect(jsonOfLine('REPORT {"not json')).toBeUndefined();
  });
});
