/** Acceptance-test harness: real terraform against a patched moto server, several AWS accounts. */
export * from "./tools";
export * from "./moto";
export * from "./terraform";
export * from "./aws";
