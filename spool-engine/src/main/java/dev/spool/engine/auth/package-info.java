/**
 * Users, their password hashes and their permissions: the broker's internal authentication and authorization backend.
 * Passwords are stored as RabbitMQ stores them ({@code rabbit_password_hashing_sha256}), so hashes move between
 * RabbitMQ definitions exports and this broker unchanged. {@link dev.spool.engine.auth.AccessControl} applies
 * RabbitMQ's permission rules (configure / write / read expressions, topic permissions) for front ends, which call it
 * before each declare, delete, bind, publish, consume, get and purge.
 */
package dev.spool.engine.auth;
