#!/usr/bin/env python3
"""Generates one immutable Java record per AMQP 0-9-1 method from RabbitMQ's extended spec XML.

Usage: generate_methods.py [SPEC_XML] [OUTPUT_DIR]
Defaults: /usr/share/amqp/specs/0-9-1-rabbit/amqp0-9-1.stripped.extended.xml (Debian's amqp-specs package) and
spool-codec/src/main/java/dev/spool/codec/method. The output is committed; rerun only when the spec changes.
The extended XML lacks RabbitMQ's connection.blocked/unblocked/update-secret and the access class; they are added below.
"""
import os
import sys
import xml.etree.ElementTree as ET

SPEC = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/amqp/specs/0-9-1-rabbit/amqp0-9-1.stripped.extended.xml'
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), '..', 'src', 'main', 'java', 'dev', 'spool', 'codec', 'method')
PKG = 'dev.spool.codec.method'

EXTRA = {
    'connection': [
        ('blocked', 60, False, [('reason', 'shortstr')]),
        ('unblocked', 61, False, []),
        ('update-secret', 70, True, [('new-secret', 'longstr'), ('reason', 'shortstr')]),
        ('update-secret-ok', 71, True, []),
    ],
}
EXTRA_CLASSES = [
    ('access', 30, [
        ('request', 10, True, [('realm', 'shortstr'), ('exclusive', 'bit'), ('passive', 'bit'), ('active', 'bit'),
                               ('write', 'bit'), ('read', 'bit')]),
        ('request-ok', 11, True, [('reserved-1', 'short')]),
    ]),
]

JAVA_TYPE = {'bit': 'boolean', 'octet': 'int', 'short': 'int', 'long': 'long', 'longlong': 'long',
             'timestamp': 'long', 'shortstr': 'String', 'longstr': 'byte[]', 'table': 'FieldTable'}
READ = {'octet': 'in.readUnsignedByte()', 'short': 'in.readUnsignedShort()', 'long': 'in.readUnsignedInt()',
        'longlong': 'in.readLong()', 'timestamp': 'in.readLong()', 'shortstr': 'Wire.readShortString(in)',
        'longstr': 'Wire.readLongString(in)', 'table': 'FieldTable.decode(in)'}
WRITE = {'octet': 'out.writeByte({0})', 'short': 'out.writeShort({0})', 'long': 'out.writeInt((int) {0})',
         'longlong': 'out.writeLong({0})', 'timestamp': 'out.writeLong({0})',
         'shortstr': 'Wire.writeShortString(out, {0})', 'longstr': 'Wire.writeLongString(out, {0})',
         'table': 'FieldTable.encode(out, {0})'}


# connection.close and channel.close carry the ids of the method that failed; as record components named classId and
# methodId they would collide with AmqpMethod's own classId()/methodId().
RENAMED = {'class-id': 'failing-class-id', 'method-id': 'failing-method-id'}


def camel(name, upper=False):
    name = name if upper else RENAMED.get(name, name)
    parts = name.split('-')
    s = parts[0] + ''.join(p[:1].upper() + p[1:] for p in parts[1:])
    return s[:1].upper() + s[1:] if upper else s


def load():
    root = ET.parse(SPEC).getroot()
    domains = {d.get('name'): d.get('type') for d in root.findall('domain')}
    classes = []
    for c in root.findall('class'):
        methods = []
        for m in c.findall('method'):
            fields = [(f.get('name'), domains[f.get('domain')] if f.get('domain') else f.get('type'))
                      for f in m.findall('field')]
            methods.append((m.get('name'), int(m.get('index')), m.get('synchronous') == '1', fields,
                            m.get('content') == '1'))
        for name, index, sync, fields in EXTRA.get(c.get('name'), []):
            methods.append((name, index, sync, fields, False))
        classes.append((c.get('name'), int(c.get('index')), methods))
    for cname, cindex, ms in EXTRA_CLASSES:
        classes.append((cname, cindex, [(n, i, s, f, False) for n, i, s, f in ms]))
    return classes


def record(cname, cindex, mname, mindex, sync, fields, content):
    rname = camel(cname, True) + camel(mname, True)
    params = ', '.join(f'{JAVA_TYPE[t]} {camel(n)}' for n, t in fields)
    lines = [f'package {PKG};', '', 'import dev.spool.codec.FieldTable;', 'import dev.spool.codec.Wire;',
             'import io.netty.buffer.ByteBuf;', '',
             f'/** {cname}.{mname} ({cindex}, {mindex}). Generated from the AMQP 0-9-1 spec: do not edit by hand. */',
             f'public record {rname}({params}) implements AmqpMethod {{',
             f'    public static final int CLASS_ID = {cindex};',
             f'    public static final int METHOD_ID = {mindex};', '']
    # decode
    lines.append(f'    /** Reads the arguments that follow the class and method ids. */')
    lines.append(f'    public static {rname} decode(ByteBuf in) {{')
    args = []
    i = 0
    bitvar = 0
    while i < len(fields):
        n, t = fields[i]
        if t == 'bit':
            lines.append(f'        int bits{bitvar} = in.readUnsignedByte();')
            b = 0
            while i < len(fields) and fields[i][1] == 'bit':
                lines.append(f'        boolean {camel(fields[i][0])} = (bits{bitvar} & {1 << b}) != 0;')
                args.append(camel(fields[i][0]))
                b += 1
                i += 1
            bitvar += 1
            continue
        lines.append(f'        {JAVA_TYPE[t]} {camel(n)} = {READ[t]};')
        args.append(camel(n))
        i += 1
    lines.append(f'        return new {rname}({", ".join(args)});')
    lines.append('    }')
    lines.append('')
    lines.append('    @Override')
    lines.append('    public void encodeArguments(ByteBuf out) {')
    i = 0
    while i < len(fields):
        n, t = fields[i]
        if t == 'bit':
            terms = []
            b = 0
            while i < len(fields) and fields[i][1] == 'bit':
                terms.append(f'({camel(fields[i][0])} ? {1 << b} : 0)')
                b += 1
                i += 1
            lines.append(f'        out.writeByte({" | ".join(terms)});')
            continue
        lines.append(f'        {WRITE[t].format(camel(n))};')
        i += 1
    lines.append('    }')
    for ret, name, val in [('int', 'classId', 'CLASS_ID'), ('int', 'methodId', 'METHOD_ID')]:
        lines += ['', '    @Override', f'    public {ret} {name}() {{', f'        return {val};', '    }']
    lines += ['', '    @Override', '    public String name() {', f'        return "{cname}.{mname}";', '    }']
    if content:
        lines += ['', '    @Override', '    public boolean hasContent() {', '        return true;', '    }']
    if sync:
        lines += ['', '    @Override', '    public boolean synchronous() {', '        return true;', '    }']
    lines.append('}')
    return rname, '\n'.join(lines) + '\n'


def main():
    os.makedirs(OUT, exist_ok=True)
    classes = load()
    names = []
    cases = []
    for cname, cindex, methods in classes:
        for mname, mindex, sync, fields, content in methods:
            rname, src = record(cname, cindex, mname, mindex, sync, fields, content)
            names.append(rname)
            cases.append((cindex, mindex, rname))
            with open(os.path.join(OUT, rname + '.java'), 'w') as f:
                f.write(src)
    permits = ',\n        '.join(names)
    with open(os.path.join(OUT, 'AmqpMethod.java'), 'w') as f:
        f.write(f'''package {PKG};

import io.netty.buffer.ByteBuf;

/**
 * One AMQP 0-9-1 method (with RabbitMQ's extensions) as an immutable record. Generated from the spec by
 * {{@code spool-codec/codegen/generate_methods.py}}: do not edit by hand.
 */
public sealed interface AmqpMethod permits
        {permits} {{

    int classId();

    int methodId();

    /** The spec's dotted name, e.g. {{@code queue.declare}}, as used in error texts. */
    String name();

    /** Writes the arguments (everything after the class and method ids). */
    void encodeArguments(ByteBuf out);

    /** Whether a content header and body frames follow this method. */
    default boolean hasContent() {{
        return false;
    }}

    /** Whether the spec marks this method synchronous (it expects a reply, or is one). */
    default boolean synchronous() {{
        return false;
    }}
}}
''')
    body = []
    for cindex, mindex, rname in cases:
        body.append(f'            case {(cindex << 16) | mindex} -> {rname}.decode(in); // {cindex}, {mindex}')
    with open(os.path.join(OUT, 'MethodRegistry.java'), 'w') as f:
        f.write(f'''package {PKG};

import io.netty.buffer.ByteBuf;

/** Maps (class id, method id) to a method's decoder. Generated from the spec: do not edit by hand. */
public final class MethodRegistry {{
    private MethodRegistry() {{
    }}

    /**
     * Decodes the arguments of the method with these ids; returns {{@code null}} when the ids name no known method.
     * A truncated argument list surfaces as Netty's {{@code IndexOutOfBoundsException}}, a malformed string or
     * field table as {{@code dev.spool.codec.WireFormatException}}.
     */
    public static AmqpMethod decode(int classId, int methodId, ByteBuf in) {{
        return switch ((classId << 16) | methodId) {{
{chr(10).join(body)}
            default -> null;
        }};
    }}
}}
''')
    print(f'{len(names)} methods written to {OUT}')


if __name__ == '__main__':
    main()
