package main

import (
	"fmt"
	"sync"
	"time"
)

// ledger counts deliveries per message id, to assert every expected message arrived exactly once and nothing
// else. record is called from consumer goroutines, the rest from the step's goroutine; a mutex guards the maps.
type ledger struct {
	label      string
	mu         sync.Mutex
	expected   []string
	isExpected map[string]bool
	counts     map[string]int
	unexpected []string
}

func newLedger(label string) *ledger {
	return &ledger{label: label, isExpected: map[string]bool{}, counts: map[string]int{}}
}

func (l *ledger) expect(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expected = append(l.expected, id)
	l.isExpected[id] = true
}

func (l *ledger) record(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.counts[id]++
	if !l.isExpected[id] {
		l.unexpected = append(l.unexpected, id)
	}
}

func (l *ledger) complete() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, id := range l.expected {
		if l.counts[id] == 0 {
			return false
		}
	}
	return true
}

func (l *ledger) waitAll(timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	for !l.complete() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
}

func (l *ledger) verifyExactlyOnce() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var missing, duplicated []string
	for _, id := range l.expected {
		if l.counts[id] == 0 {
			missing = append(missing, id)
		}
	}
	for id, n := range l.counts {
		if n > 1 {
			duplicated = append(duplicated, fmt.Sprintf("%s x%d", id, n))
		}
	}
	if len(missing) == 0 && len(duplicated) == 0 && len(l.unexpected) == 0 {
		return nil
	}
	return failf("%s: expected %d messages once each; missing %d%s, duplicated %d%s, unexpected %d%s", l.label,
		len(l.expected), len(missing), few(missing), len(duplicated), few(duplicated), len(l.unexpected),
		few(l.unexpected))
}

func few(items []string) string {
	if len(items) == 0 {
		return ""
	}
	if len(items) > 5 {
		items = items[:5]
	}
	return fmt.Sprintf(" %v", items)
}
