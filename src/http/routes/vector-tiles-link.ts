import type { Collection } from '../../catalog/index.ts';
import { MVT_MEDIA_TYPE } from '../reply.ts';

/** The `vector_tiles` link every collection's metadata carries. */
export function vectorTilesLink(c: Collection): Record<string, unknown> {
  return {
    key: 'vector_tiles',
    href: `/tiles/${encodeURIComponent(c.schema)}/tiles/{z}/{x}/{y}.mvt?collections=${encodeURIComponent(c.name)}`,
    title: 'Vector Tiles (MVT)',
    media_type: MVT_MEDIA_TYPE,
    roles: ['tiles'],
  };
}
