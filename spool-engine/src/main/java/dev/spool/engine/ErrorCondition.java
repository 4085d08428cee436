package dev.spool.engine;

/**
 * What went wrong, named in the broker's terms. The engine throws {@link EngineException} with one of these; only the
 * AMQP front end's error mapper turns it into a reply code (and the management API into an HTTP status).
 */
public enum ErrorCondition {
    /** 404: no such queue, exchange or binding. Channel error. */
    NOT_FOUND,
    /** 406: redeclare with other properties, unknown delivery tag, if-unused / if-empty refused. Channel error. */
    PRECONDITION_FAILED,
    /** 405: an exclusive queue or exclusive consumer held by someone else. Channel error. */
    RESOURCE_LOCKED,
    /** 403: a reserved name, an internal exchange, a missing permission. Channel error. */
    ACCESS_REFUSED,
    /** 530: an unknown virtual host, a forbidden operation on the connection. Connection error. */
    NOT_ALLOWED,
    /** 506: a resource limit was hit. Connection error. */
    RESOURCE_ERROR,
    /** 503: a method that is not valid in the current state or with these arguments. Connection error. */
    COMMAND_INVALID,
    /** 540: a feature the broker does not implement. Connection error. */
    NOT_IMPLEMENTED,
    /** 541: a bug or an I/O failure inside the broker. Connection error. */
    INTERNAL_ERROR
}
