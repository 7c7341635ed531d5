// The one door to @peculiar/x509: its tsyringe registry needs the Reflect metadata API
// (reflect-metadata, the polyfill tsyringe documents) loaded before the library.
import 'reflect-metadata';

export * from '@peculiar/x509';
