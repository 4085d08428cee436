/**
 * Users, their password hashes and their permissions: the broker's internal authentication backend. Passwords are
 * stored as RabbitMQ stores them ({@code rabbit_password_hashing_sha256}), so hashes move between RabbitMQ definitions
 * exports and this broker unchanged.
 */
package dev.spool.engine.auth;
