"""AMQP client of the haguide lab (python3-pika from Debian).

publish: COUNT persistent messages "1".."COUNT" to a quorum queue, one at a time with publisher
confirms, at most one every INTERVAL ms; on a lost connection it moves to the next broker of the
list, as oslo.messaging does with a transport_url that names every broker. One JSON line per
message on stdout: ok only when the broker confirmed it.

consume: every message left in the queue, acknowledged one by one; one JSON list of bodies.
Every loop is bounded in count; every network wait has a timeout.
"""
import json
import sys
import time

import pika


def connect(brokers, user, password, start):
    last = None
    for i in range(len(brokers)):
        host = brokers[(start + i) % len(brokers)]
        try:
            params = pika.ConnectionParameters(
                host=host, port=5672, credentials=pika.PlainCredentials(user, password),
                connection_attempts=1, socket_timeout=2, blocked_connection_timeout=5,
                stack_timeout=5, heartbeat=10)
            conn = pika.BlockingConnection(params)
            ch = conn.channel()
            ch.queue_declare(queue="lab", durable=True, arguments={"x-queue-type": "quorum"})
            return conn, ch, (start + i) % len(brokers), host
        except Exception as e:  # a broker that is down: try the next one
            last = e
    raise RuntimeError(f"no broker answered: {last!r}")


def now_us():
    return int(time.time() * 1e6)


def publish(brokers, user, password, count, interval):
    conn = ch = None
    at = 0
    host = ""
    begin = time.monotonic()
    for seq in range(count):
        due = begin + seq * interval
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        n = seq + 1
        start = now_us()
        ok, detail = False, ""
        try:
            if ch is None:
                conn, ch, at, host = connect(brokers, user, password, at)
                ch.confirm_delivery()
            ch.basic_publish(exchange="", routing_key="lab", body=str(n).encode(),
                             properties=pika.BasicProperties(delivery_mode=2), mandatory=True)
            ok, detail = True, f"{n}@{host}"
        except Exception as e:
            detail = f"{n}: {type(e).__name__}"
            try:
                if conn is not None and conn.is_open:
                    conn.close()
            except Exception:
                pass
            conn = ch = None
            at += 1
        print(json.dumps({"seq": seq, "start_us": start, "end_us": now_us(), "ok": ok,
                          "detail": detail}), flush=True)
    if conn is not None and conn.is_open:
        conn.close()


def consume(brokers, user, password, limit):
    conn, ch, _, _ = connect(brokers, user, password, 0)
    bodies = []
    empty = 0
    for _ in range(limit):
        method, _props, body = ch.basic_get(queue="lab", auto_ack=False)
        if method is None:
            # A quorum queue may answer empty while a new leader settles: three empty answers
            # a second apart end the loop.
            empty += 1
            if empty >= 3:
                break
            time.sleep(1)
            continue
        empty = 0
        bodies.append(body.decode())
        ch.basic_ack(method.delivery_tag)
    conn.close()
    print(json.dumps(bodies))


def main():
    mode, brokers, user, password, count, interval_ms = sys.argv[1:7]
    brokers = brokers.split(",")
    if mode == "publish":
        publish(brokers, user, password, int(count), int(interval_ms) / 1000)
    elif mode == "consume":
        consume(brokers, user, password, int(count))
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
