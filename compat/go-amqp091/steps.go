package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

var topicRoutes = map[string][]string{
	"order.created":    {"all", "orders"},
	"order.created.eu": {"all", "eu"},
	"payment.done.eu":  {"all", "eu"},
	"order.shipped.us": {"all"},
	"order":            {"all"},
	"audit":            {"all"},
}

var topicBindings = map[string][]string{"all": {"#"}, "orders": {"order.*"}, "eu": {"*.*.eu", "order.#.eu"}}

func publish(ch *amqp.Channel, exchange, key string, mandatory bool, msg amqp.Publishing) error {
	return ch.PublishWithContext(context.Background(), exchange, key, mandatory, false, msg)
}

// consumeInto records each delivery's body in the ledger from a goroutine, then acks it (or calls settle).
func consumeInto(ch *amqp.Channel, queue string, l *ledger, settle func(amqp.Delivery)) error {
	deliveries, err := ch.Consume(queue, "", false, false, false, false, nil)
	if err != nil {
		return err
	}
	go func() {
		for d := range deliveries {
			l.record(string(d.Body))
			if settle == nil {
				_ = d.Ack(false)
			} else {
				settle(d)
			}
		}
	}()
	return nil
}

// awaitConfirms reads n publisher confirms and fails on a nack or when they do not come within the timeout.
func awaitConfirms(confirms <-chan amqp.Confirmation, n int, timeout time.Duration) error {
	deadline := time.After(timeout)
	for i := 0; i < n; i++ {
		select {
		case c, ok := <-confirms:
			if !ok {
				return fmt.Errorf("channel closed after %d of %d confirms", i, n)
			}
			if !c.Ack {
				return failf("publish %d was nacked", c.DeliveryTag)
			}
		case <-deadline:
			return failf("only %d of %d publishes confirmed within %v", i, n, timeout)
		}
	}
	return nil
}

func publishConsume(s settings) (string, error) {
	const messages, prefetch = 200, 10
	queue := prefix + "work"
	conn, err := s.dial()
	if err != nil {
		return "", err
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		return "", err
	}
	if _, err = ch.QueueDelete(queue, false, false, false); err != nil {
		return "", err
	}
	if _, err = ch.QueueDeclare(queue, false, false, false, false, nil); err != nil {
		return "", err
	}
	l := newLedger("publish-consume")
	for i := 0; i < messages; i++ {
		id := fmt.Sprintf("work-%d", i)
		l.expect(id)
		if err = publish(ch, "", queue, false, amqp.Publishing{MessageId: id, Body: []byte(id)}); err != nil {
			return "", err
		}
	}
	if err = ch.Qos(prefetch, 0, false); err != nil {
		return "", err
	}
	var mu sync.Mutex
	holding, redelivered := true, 0
	var held []amqp.Delivery
	deliveries, err := ch.Consume(queue, "work", false, false, false, false, nil)
	if err != nil {
		return "", err
	}
	go func() {
		for d := range deliveries {
			l.record(string(d.Body))
			mu.Lock()
			if d.Redelivered {
				redelivered++
			}
			if holding {
				held = append(held, d)
				mu.Unlock()
				continue
			}
			mu.Unlock()
			_ = d.Ack(false)
		}
	}()
	heldCount := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(held)
	}
	deadline := time.Now().Add(5 * time.Second)
	for heldCount() < prefetch && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := heldCount(); n < prefetch {
		return "", failf("with prefetch %d and no ack, got only %d deliveries in 5 s", prefetch, n)
	}
	time.Sleep(300 * time.Millisecond) // time for a broker that ignores the prefetch limit to send more
	if n := heldCount(); n != prefetch {
		return "", failf("prefetch %d not respected: %d unacked deliveries", prefetch, n)
	}
	mu.Lock()
	holding = false
	last := held[len(held)-1]
	mu.Unlock()
	if err = last.Ack(true); err != nil {
		return "", err
	}
	l.waitAll(15 * time.Second)
	time.Sleep(200 * time.Millisecond)
	if err = l.verifyExactlyOnce(); err != nil {
		return "", err
	}
	mu.Lock()
	flagged := redelivered
	mu.Unlock()
	if flagged != 0 {
		return "", failf("%d first deliveries were flagged redelivered", flagged)
	}
	if err = ch.Cancel("work", false); err != nil {
		return "", err
	}
	q, err := ch.QueueDeclarePassive(queue, false, false, false, false, nil)
	if err != nil {
		return "", err
	}
	if q.Messages != 0 {
		return "", failf("queue should be empty after every ack, has %d", q.Messages)
	}
	_, err = ch.QueueDelete(queue, false, false, false)
	return fmt.Sprintf("%d messages delivered once each, at most %d unacked with Qos(%d), queue empty after the acks",
		messages, prefetch, prefetch), err
}

func confirms(s settings) (string, error) {
	const messages = 500
	queue := prefix + "confirms"
	conn, err := s.dial()
	if err != nil {
		return "", err
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		return "", err
	}
	if _, err = ch.QueueDelete(queue, false, false, false); err != nil {
		return "", err
	}
	if _, err = ch.QueueDeclare(queue, true, false, false, false, nil); err != nil {
		return "", err
	}
	if err = ch.Confirm(false); err != nil {
		return "", err
	}
	acks := ch.NotifyPublish(make(chan amqp.Confirmation, messages+1))
	returns := ch.NotifyReturn(make(chan amqp.Return, 1))
	l := newLedger("confirms")
	for i := 0; i < messages; i++ {
		id := fmt.Sprintf("confirmed-%d", i)
		l.expect(id)
		err = publish(ch, "", queue, false, amqp.Publishing{DeliveryMode: amqp.Persistent, Body: []byte(id)})
		if err != nil {
			return "", err
		}
	}
	if err = awaitConfirms(acks, messages, 10*time.Second); err != nil {
		return "", err
	}
	err = publish(ch, "", prefix+"nowhere", true, amqp.Publishing{DeliveryMode: amqp.Persistent, Body: []byte("unroutable")})
	if err != nil {
		return "", err
	}
	select {
	case r := <-returns:
		if got := fmt.Sprintf("%d %s %s", r.ReplyCode, r.ReplyText, r.Body); got != "312 NO_ROUTE unroutable" {
			return "", failf("expected basic.return '312 NO_ROUTE unroutable', got '%s'", got)
		}
	case <-time.After(5 * time.Second):
		return "", failf("a mandatory publish nobody can route was not returned within 5 s")
	}
	if err = awaitConfirms(acks, 1, 10*time.Second); err != nil {
		return "", err
	}
	q, err := ch.QueueDeclarePassive(queue, true, false, false, false, nil)
	if err != nil {
		return "", err
	}
	if q.Messages != messages {
		return "", failf("queue holds %d messages after %d confirmed publishes", q.Messages, messages)
	}
	consuming, err := conn.Channel()
	if err != nil {
		return "", err
	}
	if err = consuming.Qos(50, 0, false); err != nil {
		return "", err
	}
	if err = consumeInto(consuming, queue, l, nil); err != nil {
		return "", err
	}
	l.waitAll(15 * time.Second)
	time.Sleep(200 * time.Millisecond)
	if err = l.verifyExactlyOnce(); err != nil {
		return "", err
	}
	_, err = ch.QueueDelete(queue, false, false, false)
	return fmt.Sprintf("%d persistent publishes confirmed and consumed once each; mandatory unroutable publish "+
		"returned 312 NO_ROUTE and confirmed", messages), err
}

func topicFanout(s settings) (string, error) {
	const perKey = 10
	exchange := prefix + "events"
	conn, err := s.dial()
	if err != nil {
		return "", err
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		return "", err
	}
	if err = ch.ExchangeDelete(exchange, false, false); err != nil {
		return "", err
	}
	if err = ch.ExchangeDeclare(exchange, "topic", false, false, false, false, nil); err != nil {
		return "", err
	}
	ledgers := map[string]*ledger{}
	for name, patterns := range topicBindings {
		queue := exchange + "." + name
		ledgers[name] = newLedger("queue " + name)
		if _, err = ch.QueueDelete(queue, false, false, false); err != nil {
			return "", err
		}
		if _, err = ch.QueueDeclare(queue, false, false, false, false, nil); err != nil {
			return "", err
		}
		for _, pattern := range patterns {
			if err = ch.QueueBind(queue, pattern, exchange, false, nil); err != nil {
				return "", err
			}
		}
	}
	if err = ch.Qos(20, 0, false); err != nil {
		return "", err
	}
	for name, l := range ledgers {
		if err = consumeInto(ch, exchange+"."+name, l, nil); err != nil {
			return "", err
		}
	}
	publishing, err := conn.Channel()
	if err != nil {
		return "", err
	}
	if err = publishing.Confirm(false); err != nil {
		return "", err
	}
	acks := publishing.NotifyPublish(make(chan amqp.Confirmation, len(topicRoutes)*perKey))
	for key, queues := range topicRoutes {
		for i := 0; i < perKey; i++ {
			id := fmt.Sprintf("%s#%d", key, i)
			for _, name := range queues {
				ledgers[name].expect(id)
			}
			if err = publish(publishing, exchange, key, false, amqp.Publishing{Body: []byte(id)}); err != nil {
				return "", err
			}
		}
	}
	if err = awaitConfirms(acks, len(topicRoutes)*perKey, 10*time.Second); err != nil {
		return "", err
	}
	for _, l := range ledgers {
		l.waitAll(10 * time.Second)
	}
	time.Sleep(200 * time.Millisecond)
	for _, l := range ledgers {
		if err = l.verifyExactlyOnce(); err != nil {
			return "", err
		}
	}
	for name := range topicBindings {
		if _, err = ch.QueueDelete(exchange+"."+name, false, false, false); err != nil {
			return "", err
		}
	}
	err = ch.ExchangeDelete(exchange, false, false)
	return fmt.Sprintf("%d events through a topic exchange reached exactly the queues their keys match "+
		"(#, order.*, *.*.eu + order.#.eu), once each", len(topicRoutes)*perKey), err
}

func xDeathSummary(headers amqp.Table) string {
	deaths, ok := headers["x-death"].([]interface{})
	if !ok || len(deaths) == 0 {
		return fmt.Sprintf("missing (headers %v)", headers)
	}
	first, ok := deaths[0].(amqp.Table)
	if !ok {
		return fmt.Sprintf("not a table: %v", deaths[0])
	}
	return fmt.Sprintf("%v %v %v", first["reason"], first["queue"], first["count"])
}

func deadLetter(s settings) (string, error) {
	const messages = 30
	exchange, work, dead := prefix+"dlx", prefix+"dl-work", prefix+"dlq"
	conn, err := s.dial()
	if err != nil {
		return "", err
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		return "", err
	}
	for _, q := range []string{work, dead} {
		if _, err = ch.QueueDelete(q, false, false, false); err != nil {
			return "", err
		}
	}
	if err = ch.ExchangeDelete(exchange, false, false); err != nil {
		return "", err
	}
	if err = ch.ExchangeDeclare(exchange, "fanout", false, false, false, false, nil); err != nil {
		return "", err
	}
	if _, err = ch.QueueDeclare(dead, false, false, false, false, nil); err != nil {
		return "", err
	}
	if err = ch.QueueBind(dead, "", exchange, false, nil); err != nil {
		return "", err
	}
	args := amqp.Table{"x-dead-letter-exchange": exchange}
	if _, err = ch.QueueDeclare(work, false, false, false, false, args); err != nil {
		return "", err
	}
	workLedger, deadLedger := newLedger("work queue"), newLedger("dead-letter queue")
	for i := 0; i < messages; i++ {
		id := fmt.Sprintf("job-%d", i)
		workLedger.expect(id)
		if i%3 != 2 {
			deadLedger.expect(id)
		}
		if err = publish(ch, "", work, false, amqp.Publishing{Body: []byte(id)}); err != nil {
			return "", err
		}
	}
	var mu sync.Mutex
	var badHeaders []string
	if err = ch.Qos(10, 0, false); err != nil {
		return "", err
	}
	err = consumeInto(ch, work, workLedger, func(d amqp.Delivery) {
		n, _ := strconv.Atoi(strings.TrimPrefix(string(d.Body), "job-"))
		switch n % 3 {
		case 0:
			_ = d.Reject(false)
		case 1:
			_ = d.Nack(false, false)
		default:
			_ = d.Ack(false)
		}
	})
	if err != nil {
		return "", err
	}
	err = consumeInto(ch, dead, deadLedger, func(d amqp.Delivery) {
		if death := xDeathSummary(d.Headers); death != "rejected "+work+" 1" {
			mu.Lock()
			badHeaders = append(badHeaders, fmt.Sprintf("%s: x-death %s", d.Body, death))
			mu.Unlock()
		}
		_ = d.Ack(false)
	})
	if err != nil {
		return "", err
	}
	workLedger.waitAll(10 * time.Second)
	deadLedger.waitAll(10 * time.Second)
	time.Sleep(200 * time.Millisecond)
	if err = workLedger.verifyExactlyOnce(); err != nil {
		return "", err
	}
	if err = deadLedger.verifyExactlyOnce(); err != nil {
		return "", err
	}
	mu.Lock()
	bad := badHeaders
	mu.Unlock()
	if len(bad) > 0 {
		return "", failf("expected x-death 'rejected %s 1' on every dead letter, got %v", work, bad[:min(3, len(bad))])
	}
	for _, q := range []string{work, dead} {
		if _, err = ch.QueueDelete(q, false, false, false); err != nil {
			return "", err
		}
	}
	err = ch.ExchangeDelete(exchange, false, false)
	return fmt.Sprintf("20 of %d messages rejected/nacked without requeue were dead-lettered once each with x-death "+
		"'rejected'; acked ones were not", messages), err
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}
