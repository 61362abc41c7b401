import { bindFeature } from "./support/steps.ts";
import "./support/library.ts";

bindFeature("features/orders-that-cannot-be-processed.feature");
