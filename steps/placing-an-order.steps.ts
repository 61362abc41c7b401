import { bindFeature } from "./support/steps.ts";
import "./support/library.ts";

bindFeature("features/placing-an-order.feature");
