/**
 * Message groups, a Spool extension ({@code x-group-header} on a queue): messages of one group go to one consumer at
 * a time and in order, different groups in parallel. {@link dev.spool.engine.group.MessageGroups} keeps which consumer
 * owns which group; owned by one queue, under its lock.
 */
package dev.spool.engine.group;
