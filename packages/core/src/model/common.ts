import { z } from 'zod';
import { XmlExtrasSchema } from '../xml/mapping.js';

/** Optional `extra` field every mapped XML object carries: what the model does not know, kept verbatim. */
export const extraField = { extra: XmlExtrasSchema.optional() };

/** zod: an object name (further checked by {@link validateName} at the API boundary). */
export const NameSchema = z.string().min(1);

/** zod: a UUID string in 8-4-4-4-12 form. */
export const UuidSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'invalid UUID');
