import { z } from 'zod';

/** Requests without parameters still must be exactly `{}`: strict objects reject smuggled fields. */
export const NoParams = z.strictObject({});
