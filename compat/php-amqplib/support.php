<?php
// The parts of check.php that are not steps: settings from the environment, the exactly-once ledger, the report
// lines, pumping a channel for deliveries, restarting the broker.

declare(strict_types=1);

use PhpAmqpLib\Channel\AMQPChannel;
use PhpAmqpLib\Connection\AMQPStreamConnection;
use PhpAmqpLib\Exception\AMQPTimeoutException;
use PhpAmqpLib\Message\AMQPMessage;

final class CheckFailure extends RuntimeException
{
}

/** Counts deliveries per message id, to assert every expected message arrived exactly once and nothing else. */
final class Ledger
{
    private array $expected = [];
    private array $counts = [];
    private array $unexpected = [];

    public function __construct(private string $label)
    {
    }

    public function expect(string $id): void
    {
        $this->expected[$id] = true;
    }

    public function record(string $id): void
    {
        $this->counts[$id] = ($this->counts[$id] ?? 0) + 1;
        if (!isset($this->expected[$id])) {
            $this->unexpected[] = $id;
        }
    }

    public function complete(): bool
    {
        foreach ($this->expected as $id => $_) {
            if (!isset($this->counts[$id])) {
                return false;
            }
        }
        return true;
    }

    public function waitAll(float $seconds, callable $pump): void
    {
        $deadline = microtime(true) + $seconds;
        while (!$this->complete() && microtime(true) < $deadline) {
            $pump();
        }
    }

    public function verifyExactlyOnce(): void
    {
        $missing = array_values(array_filter(array_keys($this->expected), fn($id) => !isset($this->counts[$id])));
        $duplicated = [];
        foreach ($this->counts as $id => $n) {
            if ($n > 1) {
                $duplicated[] = "$id x$n";
            }
        }
        if ($missing || $duplicated || $this->unexpected) {
            throw new CheckFailure(sprintf('%s: expected %d messages once each; missing %d%s, duplicated %d%s, '
                . 'unexpected %d%s', $this->label, count($this->expected), count($missing), few($missing),
                count($duplicated), few($duplicated), count($this->unexpected), few($this->unexpected)));
        }
    }
}

function few(array $items): string
{
    return $items ? ' [' . implode(', ', array_slice($items, 0, 5)) . ']' : '';
}

function settings(): array
{
    static $settings = null;
    if ($settings === null) {
        $skip = array_filter(array_map('trim', explode(',', getenv('COMPAT_SKIP') ?: '')));
        $settings = [
            'host' => getenv('COMPAT_HOST') ?: '127.0.0.1',
            'port' => (int) (getenv('COMPAT_PORT') ?: 5672),
            'user' => getenv('COMPAT_USER') ?: 'guest',
            'password' => getenv('COMPAT_PASSWORD') ?: 'guest',
            'restart' => trim(getenv('COMPAT_RESTART_CMD') ?: ''),
            'skip' => array_values($skip),
        ];
    }
    return $settings;
}

function connect(): AMQPStreamConnection
{
    $s = settings();
    return new AMQPStreamConnection($s['host'], $s['port'], $s['user'], $s['password']);
}

/** Reads from the channel for up to 50 ms, dispatching deliveries to the consumer callbacks. */
function pumpOf(AMQPChannel $channel): callable
{
    return function () use ($channel): void {
        try {
            $channel->wait(null, false, 0.05);
        } catch (AMQPTimeoutException) {
        }
    };
}

function pumpFor(float $seconds, callable $pump): void
{
    $deadline = microtime(true) + $seconds;
    while (microtime(true) < $deadline) {
        $pump();
    }
}

function consumeInto(AMQPChannel $channel, string $queue, Ledger $ledger, ?callable $settle = null): string
{
    return $channel->basic_consume($queue, '', false, false, false, false,
        function (AMQPMessage $message) use ($ledger, $settle): void {
            $ledger->record($message->getBody());
            if ($settle === null) {
                $message->ack();
            } else {
                $settle($message);
            }
        });
}

function restartBroker(): int
{
    $started = microtime(true);
    // Its output goes through a pipe: handing it PHP's own STDERR lets it overwrite this program's output when both
    // go to the same file.
    $process = proc_open(['/bin/sh', '-c', 'exec 2>&1; ' . settings()['restart']], [1 => ['pipe', 'w']], $pipes);
    fwrite(STDERR, stream_get_contents($pipes[1]));
    fclose($pipes[1]);
    $status = proc_close($process);
    if ($status !== 0) {
        throw new CheckFailure("restart command exited $status: " . settings()['restart']);
    }
    return (int) ((microtime(true) - $started) * 1000);
}

function connectWithRetry(int $attempts): AMQPStreamConnection
{
    for ($attempt = 1; ; $attempt++) {
        try {
            return connect();
        } catch (Throwable $error) {
            if ($attempt >= $attempts) {
                throw $error;
            }
            usleep(500000);
        }
    }
}

function closeQuietly(AMQPStreamConnection $connection): void
{
    try {
        $connection->close();
    } catch (Throwable) {
    }
}

final class Report
{
    public int $passed = 0;
    public int $failed = 0;
    public int $skipped = 0;

    public function run(string $step, callable $function): bool
    {
        $started = microtime(true);
        $elapsed = fn() => sprintf(' (%.1f s)', microtime(true) - $started);
        try {
            $detail = $function();
            $this->passed++;
            echo "PASS $step: $detail{$elapsed()}\n";
            return true;
        } catch (CheckFailure $failure) {
            $this->fail($step, $failure->getMessage() . $elapsed());
        } catch (Throwable $error) {
            $this->fail($step, 'client error: ' . get_class($error) . ': ' . $error->getMessage() . $elapsed());
            fwrite(STDERR, (string) $error . "\n");
        }
        return false;
    }

    public function skip(string $step, string $reason): void
    {
        $this->skipped++;
        echo "SKIP $step: $reason\n";
    }

    public function fail(string $step, string $reason): void
    {
        $this->failed++;
        echo "FAIL $step: $reason\n";
    }
}
