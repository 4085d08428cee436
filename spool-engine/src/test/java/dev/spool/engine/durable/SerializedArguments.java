package dev.spool.engine.durable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Arguments as Java serialization: the engine's tests have no field-table codec (the front end supplies that). */
public final class SerializedArguments implements ArgumentCodec {
    @Override
    public byte[] encode(Map<String, Object> arguments) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new LinkedHashMap<>(arguments));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> decode(byte[] encoded) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(encoded))) {
            return (Map<String, Object>) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
