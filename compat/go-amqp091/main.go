// Command go-amqp091 is a small amqp091-go application checking that a broker behaves as RabbitMQ does: publish
// and consume with manual acks and prefetch, publisher confirms and mandatory returns, a topic exchange fan-out,
// dead-lettering, and reconnecting after the broker restarts (NotifyClose, then dial again). It prints one
// PASS/SKIP/FAIL line per step and exits 1 when any step failed.
//
// Environment, the same for every client in compat/ (see compat/README.md): COMPAT_HOST, COMPAT_PORT, COMPAT_USER,
// COMPAT_PASSWORD, COMPAT_RESTART_CMD (restarts the broker on the same port), COMPAT_SKIP (dlx,durable).
//
// It builds offline from Debian's golang-github-rabbitmq-amqp091-go-dev, in GOPATH mode:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o /tmp/go-amqp091 .
package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

const (
	prefix         = "compat.go-amqp091."
	deadLetterSkip = "needs x-dead-letter-exchange (skipped with COMPAT_SKIP=dlx)"
	durableSkip    = "needs messages kept on disk across a restart (durability issue)"
)

// settings is read once from the environment at start.
type settings struct {
	url        string
	restartCmd string
	skipped    map[string]bool
}

func readSettings() settings {
	get := func(name, fallback string) string {
		if v := os.Getenv(name); v != "" {
			return v
		}
		return fallback
	}
	port, err := strconv.Atoi(get("COMPAT_PORT", "5672"))
	if err != nil {
		fmt.Fprintf(os.Stderr, "COMPAT_PORT is not a number: %v\n", err)
		os.Exit(2)
	}
	skipped := map[string]bool{}
	for _, s := range strings.Split(os.Getenv("COMPAT_SKIP"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			skipped[s] = true
		}
	}
	return settings{
		url: fmt.Sprintf("amqp://%s:%s@%s:%d/", get("COMPAT_USER", "guest"), get("COMPAT_PASSWORD", "guest"),
			get("COMPAT_HOST", "127.0.0.1"), port),
		restartCmd: strings.TrimSpace(os.Getenv("COMPAT_RESTART_CMD")),
		skipped:    skipped,
	}
}

func (s settings) dial() (*amqp.Connection, error) {
	return amqp.DialConfig(s.url, amqp.Config{
		Properties: amqp.Table{"connection_name": "compat go-amqp091"},
		Dial:       amqp.DefaultDial(5 * time.Second),
	})
}

// checkFailure is the broker doing something RabbitMQ would not.
type checkFailure struct{ message string }

func (f checkFailure) Error() string { return f.message }

func failf(format string, args ...interface{}) error {
	return checkFailure{fmt.Sprintf(format, args...)}
}

// report prints the one line per step the runner reads.
type report struct{ passed, failed, skipped int }

func (r *report) run(step string, fn func() (string, error)) bool {
	started := time.Now()
	detail, err := fn()
	elapsed := fmt.Sprintf(" (%.1f s)", time.Since(started).Seconds())
	var failure checkFailure
	switch {
	case err == nil:
		r.passed++
		fmt.Printf("PASS %s: %s%s\n", step, detail, elapsed)
		return true
	case errors.As(err, &failure):
		r.fail(step, failure.message+elapsed)
	default:
		r.fail(step, fmt.Sprintf("client error: %v%s", err, elapsed))
	}
	return false
}

func (r *report) skip(step, reason string) {
	r.skipped++
	fmt.Printf("SKIP %s: %s\n", step, reason)
}

func (r *report) fail(step, reason string) {
	r.failed++
	fmt.Printf("FAIL %s: %s\n", step, reason)
}

func main() {
	s := readSettings()
	r := &report{}
	r.run("publish-consume", func() (string, error) { return publishConsume(s) })
	r.run("confirms", func() (string, error) { return confirms(s) })
	r.run("topic-fanout", func() (string, error) { return topicFanout(s) })
	if s.skipped["dlx"] {
		r.skip("dead-letter", deadLetterSkip)
	} else {
		r.run("dead-letter", func() (string, error) { return deadLetter(s) })
	}
	if s.restartCmd == "" {
		r.skip("reconnect", "COMPAT_RESTART_CMD is not set")
		r.skip("durable-backlog", "COMPAT_RESTART_CMD is not set")
	} else {
		restarted := r.run("reconnect", func() (string, error) { return reconnect(s) })
		switch {
		case s.skipped["durable"]:
			r.skip("durable-backlog", durableSkip)
			if err := durableCleanup(s); err != nil {
				fmt.Fprintf(os.Stderr, "could not delete %s: %v\n", durableQueue, err)
			}
		case restarted:
			r.run("durable-backlog", func() (string, error) { return durableBacklog(s) })
		default:
			r.fail("durable-backlog", "not checked: the reconnect step failed")
		}
	}
	fmt.Printf("go-amqp091: %d passed, %d failed, %d skipped\n", r.passed, r.failed, r.skipped)
	if r.failed > 0 {
		os.Exit(1)
	}
}
