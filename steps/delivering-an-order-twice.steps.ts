import { bindFeature } from "./support/steps.ts";
import "./support/library.ts";

bindFeature("features/delivering-an-order-twice.feature");
