/**
 * The on-disk formats, each documented once with a diagram in a {@code *Descriptor} class: the common file header,
 * message segments and their records, settlement (ack) files, definitions-log records, and how a {@code long} position
 * names a record. Every file starts with a magic and a format version; every record carries its length and a CRC32C.
 * All multi-byte integers are little-endian. Nothing here does I/O.
 */
package dev.spool.store.format;
