/** Open311 GeoReport v2: the router the API mounts, and the pure mapping underneath it. */
export {
  createOpen311Router,
  open311Errors,
  OPEN311_PREFIX,
  GEOREPORT_SPECIFICATION,
  type Open311Deps,
} from './open311-router';
export {
  buildServiceCatalog,
  servicesOf,
  serviceForCase,
  type Open311Catalog,
  type Open311Service,
  type Open311Attribute,
} from './service-catalog';
export { toOpen311Request, type Open311Request } from './request-view';
export { toRequestUpdates, type Open311RequestUpdate } from './request-updates';
export { Open311Error, open311ErrorDocument } from './open311-error';
