/**
 * sorted-btree's B+ tree, imported once for the whole engine. The package is CommonJS with
 * `exports.default`: under Node's ESM loader a default import is the module object, under
 * bundlers (tsup) it is the class itself.
 */
import BTreeModule from 'sorted-btree';

type BTreeClass = typeof BTreeModule;
export const BTree: BTreeClass = ((BTreeModule as unknown as { default?: BTreeClass }).default ?? BTreeModule) as BTreeClass;
export type BTree<K, V> = InstanceType<typeof BTreeModule<K, V>>;
