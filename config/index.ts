export * from './app-config';
export * from './config-error';
export * from './sign-in-config';
export * from './connection-settings';
export * from './map-config';
