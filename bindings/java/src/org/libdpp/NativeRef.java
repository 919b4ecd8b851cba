// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Owns one native object and frees it exactly once, after close() and after
 * every thread that acquired it has released it. This makes close() (and the
 * Cleaner) safe while other threads are inside a native call with the object.
 */
final class NativeRef<T> implements Runnable {
    private static final int CLOSED = 1 << 30;
    private final T proxy;
    private final Consumer<T> deleter;
    private final AtomicInteger state = new AtomicInteger();

    NativeRef(T proxy, Consumer<T> deleter) {
        this.proxy = proxy;
        this.deleter = deleter;
    }

    /** The object, counted as in use until {@link #release()}; throws if closed. */
    T acquire(String what) {
        T p = tryAcquire();
        if (p == null) throw new IllegalStateException(what + " is closed");
        return p;
    }

    /** The object counted as in use, or null if closed. */
    T tryAcquire() {
        for (;;) {
            int s = state.get();
            if ((s & CLOSED) != 0) return null;
            if (state.compareAndSet(s, s + 1)) return proxy;
        }
    }

    /** The object; only valid between a successful acquire and its release. */
    T get() {
        return proxy;
    }

    void release() {
        if (state.decrementAndGet() == CLOSED) deleter.accept(proxy);
    }

    boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }

    /** Frees now, or when the last user releases. Idempotent. */
    void close() {
        for (;;) {
            int s = state.get();
            if ((s & CLOSED) != 0) return;
            if (state.compareAndSet(s, s | CLOSED)) {
                if (s == 0) deleter.accept(proxy);
                return;
            }
        }
    }

    /** Cleaner action. */
    @Override
    public void run() {
        close();
    }
}
