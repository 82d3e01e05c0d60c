/** Governance outputs built from the validated environment model: route map, topology, cost, docs. */
export * from "./routes";
export * from "./topology";
export * from "./cost";
export * from "../pricing/prices";
export * from "./docs";
