/** JSON values as stored and exchanged (case data, audit details, literal values in definitions). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
