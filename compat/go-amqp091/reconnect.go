package main

import (
	"fmt"
	"os"
	"os/exec"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

const (
	durableQueue = prefix + "durable"
	backlog      = 5
)

// restartBroker runs COMPAT_RESTART_CMD and returns how long it took.
func restartBroker(s settings) (time.Duration, error) {
	started := time.Now()
	cmd := exec.Command("/bin/sh", "-c", s.restartCmd)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return 0, failf("restart command failed (%v): %s", err, s.restartCmd)
	}
	return time.Since(started), nil
}

func dialWithRetry(s settings, attempts int) (*amqp.Connection, error) {
	for attempt := 1; ; attempt++ {
		conn, err := s.dial()
		if err == nil || attempt >= attempts {
			return conn, err
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// reconnect: amqp091-go has no automatic recovery; applications watch NotifyClose, dial again and declare again.
func reconnect(s settings) (string, error) {
	const messages = 50
	queue := prefix + "after-restart"
	conn, err := s.dial()
	if err != nil {
		return "", err
	}
	closed := conn.NotifyClose(make(chan *amqp.Error, 1))
	ch, err := conn.Channel()
	if err != nil {
		return "", err
	}
	if _, err = ch.QueueDelete(durableQueue, false, false, false); err != nil {
		return "", err
	}
	if _, err = ch.QueueDeclare(durableQueue, true, false, false, false, nil); err != nil {
		return "", err
	}
	if err = ch.Confirm(false); err != nil {
		return "", err
	}
	acks := ch.NotifyPublish(make(chan amqp.Confirmation, backlog))
	for i := 0; i < backlog; i++ {
		msg := amqp.Publishing{DeliveryMode: amqp.Persistent, Body: []byte(fmt.Sprintf("backlog-%d", i))}
		if err = publish(ch, "", durableQueue, false, msg); err != nil {
			return "", err
		}
	}
	if err = awaitConfirms(acks, backlog, 10*time.Second); err != nil {
		return "", err
	}
	if _, err = ch.QueueDelete(queue, false, false, false); err != nil {
		return "", err
	}
	if _, err = ch.QueueDeclare(queue, false, false, false, false, nil); err != nil {
		return "", err
	}
	if err = consumeInto(ch, queue, newLedger("before restart"), nil); err != nil {
		return "", err
	}

	took, err := restartBroker(s)
	if err != nil {
		return "", err
	}
	var closedWith string
	select {
	case e := <-closed:
		closedWith = fmt.Sprint(e)
	case <-time.After(10 * time.Second):
		return "", failf("the old connection still looked open 10 s after the broker restarted")
	}

	again, err := dialWithRetry(s, 40)
	if err != nil {
		return "", err
	}
	defer again.Close()
	ch, err = again.Channel()
	if err != nil {
		return "", err
	}
	if err = ch.Confirm(false); err != nil {
		return "", err
	}
	acks = ch.NotifyPublish(make(chan amqp.Confirmation, messages))
	if _, err = ch.QueueDeclare(queue, false, false, false, false, nil); err != nil {
		return "", err
	}
	if err = ch.Qos(10, 0, false); err != nil {
		return "", err
	}
	l := newLedger("after restart")
	if err = consumeInto(ch, queue, l, nil); err != nil {
		return "", err
	}
	for i := 0; i < messages; i++ {
		id := fmt.Sprintf("after-restart-%d", i)
		l.expect(id)
		if err = publish(ch, "", queue, false, amqp.Publishing{DeliveryMode: amqp.Persistent, Body: []byte(id)}); err != nil {
			return "", err
		}
	}
	if err = awaitConfirms(acks, messages, 10*time.Second); err != nil {
		return "", err
	}
	l.waitAll(10 * time.Second)
	time.Sleep(200 * time.Millisecond)
	if err = l.verifyExactlyOnce(); err != nil {
		return "", err
	}
	_, err = ch.QueueDelete(queue, false, false, false)
	return fmt.Sprintf("broker restarted in %d ms; amqp091-go saw '%s', dialled again, declared again, then %d "+
		"messages arrived once each", took.Milliseconds(), closedWith, messages), err
}

func durableBacklog(s settings) (string, error) {
	conn, err := s.dial()
	if err != nil {
		return "", err
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		return "", err
	}
	q, err := ch.QueueDeclarePassive(durableQueue, true, false, false, false, nil)
	if err != nil {
		return "", err
	}
	if q.Messages != backlog {
		return "", failf("durable queue holds %d messages after the restart, expected the %d confirmed persistent ones",
			q.Messages, backlog)
	}
	l := newLedger("durable-backlog")
	for i := 0; i < backlog; i++ {
		l.expect(fmt.Sprintf("backlog-%d", i))
	}
	for {
		d, ok, err := ch.Get(durableQueue, true)
		if err != nil {
			return "", err
		}
		if !ok {
			break
		}
		l.record(string(d.Body))
	}
	if err = l.verifyExactlyOnce(); err != nil {
		return "", err
	}
	_, err = ch.QueueDelete(durableQueue, false, false, false)
	return fmt.Sprintf("%d confirmed persistent messages survived the restart, once each", backlog), err
}

func durableCleanup(s settings) error {
	conn, err := s.dial()
	if err != nil {
		return err
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	_, err = ch.QueueDelete(durableQueue, false, false, false)
	return err
}
