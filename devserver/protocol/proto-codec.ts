// The wire types shared by the engine and its gRPC transport: a leaf, so the engine never imports the transport.
// Encodes and decodes Temporal protobuf messages as plain JSON-compatible objects.
// Engine state never holds protobufjs instances: int64 -> number, bytes -> base64 string, enums -> number.
import * as grpc from '@grpc/grpc-js';
import type * as protobuf from 'protobufjs';
// The unpatched JSON root exposes reflection (lookupType/lookupService) for every message.
const root: protobuf.Root = require('@temporalio/proto/protos/json-module.js');

/** A proto message in its plain-object form (see module comment). */
export type Pb = Record<string, any>;

const CONVERSION: protobuf.IConversionOptions = { longs: Number, bytes: String, defaults: false };

const typeCache = new Map<string, protobuf.Type>();
export function protoType(fullName: string): protobuf.Type {
  let t = typeCache.get(fullName);
  if (!t) {
    t = root.lookupType(fullName);
    typeCache.set(fullName, t);
  }
  return t;
}

export function decodeMessage(type: protobuf.Type, bytes: Buffer): Pb {
  return type.toObject(type.decode(bytes), CONVERSION);
}

export function encodeMessage(type: protobuf.Type, value: Pb): Buffer {
  const bytes = type.encode(type.fromObject(value)).finish();
  // Under Node protobufjs already writes into a fresh Buffer: wrap it instead of copying every response.
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Size of a message once encoded; used for historySizeBytes. */
export function encodedSize(fullName: string, value: Pb): number {
  const t = protoType(fullName);
  return t.encode(t.fromObject(value)).len;
}

export interface MethodInfo {
  name: string;
  requestType: protobuf.Type;
  responseType: protobuf.Type;
}

/** Builds a grpc-js service definition straight from the proto reflection data. */
export function serviceDefinition(serviceFullName: string): {
  definition: grpc.ServiceDefinition;
  methods: MethodInfo[];
} {
  const service = root.lookupService(serviceFullName);
  const definition: Record<string, grpc.MethodDefinition<Pb, Pb>> = {};
  const methods: MethodInfo[] = [];
  for (const method of Object.values(service.methods)) {
    const requestType = service.lookupType(method.requestType);
    const responseType = service.lookupType(method.responseType);
    methods.push({ name: method.name, requestType, responseType });
    definition[method.name] = {
      path: `/${serviceFullName}/${method.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (v: Pb) => encodeMessage(requestType, v),
      requestDeserialize: (b: Buffer) => decodeMessage(requestType, b),
      responseSerialize: (v: Pb) => encodeMessage(responseType, v),
      responseDeserialize: (b: Buffer) => decodeMessage(responseType, b),
      originalName: method.name,
    };
  }
  return { definition, methods };
}
