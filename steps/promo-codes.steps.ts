import { bindFeature } from "./support/steps.ts";
import "./support/library.ts";

bindFeature("features/promo-codes.feature");
