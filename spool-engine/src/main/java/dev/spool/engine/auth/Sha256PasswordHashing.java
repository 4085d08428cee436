package dev.spool.engine.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * RabbitMQ's default password hashing ({@code rabbit_password_hashing_sha256}): a random 32-bit salt, then
 * {@code base64(salt ++ sha256(salt ++ utf8(password)))}. The stored form is what {@code rabbitmqctl export_definitions}
 * writes as {@code password_hash}, so hashes are interchangeable with RabbitMQ's. Stateless; any thread.
 */
public final class Sha256PasswordHashing {
    private static final int SALT_LENGTH = 4;
    private static final int HASH_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sha256PasswordHashing() {
    }

    /** Hashes a password with a fresh random salt. */
    public static String hash(String password) {
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        return hash(salt, password);
    }

    /** Hashes a password with the given 4-byte salt. */
    public static String hash(byte[] salt, String password) {
        if (salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("the salt is 4 bytes");
        }
        byte[] salted = new byte[SALT_LENGTH + HASH_LENGTH];
        System.arraycopy(salt, 0, salted, 0, SALT_LENGTH);
        System.arraycopy(digest(salt, password), 0, salted, SALT_LENGTH, HASH_LENGTH);
        return Base64.getEncoder().encodeToString(salted);
    }

    /**
     * Whether {@code password} matches a stored hash, comparing in constant time. A malformed hash matches nothing.
     */
    public static boolean matches(String password, String storedHash) {
        byte[] stored;
        try {
            stored = Base64.getDecoder().decode(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (stored.length != SALT_LENGTH + HASH_LENGTH) {
            return false;
        }
        byte[] salt = Arrays.copyOfRange(stored, 0, SALT_LENGTH);
        byte[] expected = Arrays.copyOfRange(stored, SALT_LENGTH, stored.length);
        return MessageDigest.isEqual(expected, digest(salt, password));
    }

    private static byte[] digest(byte[] salt, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            sha256.update(password.getBytes(StandardCharsets.UTF_8));
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
