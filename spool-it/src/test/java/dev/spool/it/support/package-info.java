/**
 * What every end-to-end test needs: a broker started in-process per test class ({@link
 * dev.spool.it.support.RunningBroker}), assertions on the channel.close / connection.close a broker sends ({@link
 * dev.spool.it.support.ProtocolErrors}), and a raw-socket client for input the real client library cannot produce
 * ({@link dev.spool.it.support.RawConnection}).
 */
package dev.spool.it.support;
