// Every step of every feature, one or two lines each: the harness (src/harness) does the work.
import "./ordering.ts";
import "./dead-letter.ts";
import "./security.ts";
