// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The trust layer's vocabulary (spec/trust.md): role, claim, binding and revocation-reason
 * names, read from the library so they always match it.
 */
public final class Trust {
    /** A suggested grace period past a list's next-update time: 7 days. */
    public static final Duration DEFAULT_GRACE = Duration.ofDays(7);

    private static final Map<String, Integer> ROLES = table(DppNative::dppb_role_name, 1, 15);
    private static final Map<String, Integer> CLAIMS = table(DppNative::dppb_claim_name, 0, DppNative.dppb_claim_max());
    private static final Map<String, Integer> BINDINGS = table(DppNative::dppb_binding_name, 0, 15);
    private static final Map<String, Integer> REASONS = table(DppNative::dppb_revocation_reason_name, 0, 15);

    private Trust() {}

    private static Map<String, Integer> table(IntFunction<String> fn, int lo, int hi) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = lo; i <= hi; i++) {
            String n = fn.apply(i);
            if (n != null && !n.isEmpty()) m.put(n, i);
        }
        return Collections.unmodifiableMap(m);
    }

    /** @return the roles a trust-list entry can have: manufacturer, certifier, cbam-verifier, operator */
    public static List<String> roleNames() {
        return List.copyOf(ROLES.keySet());
    }

    /** @return the claim names that can be attested or scoped, e.g. "footprint" */
    public static List<String> claimNames() {
        return List.copyOf(CLAIMS.keySet());
    }

    /** @return what an attestation can be bound to: product, batch, item, passport */
    public static List<String> bindingNames() {
        return List.copyOf(BINDINGS.keySet());
    }

    /** @return the reasons a revocation can give, e.g. "key-compromise" */
    public static List<String> reasonNames() {
        return List.copyOf(REASONS.keySet());
    }

    private static int lookup(Map<String, Integer> m, String name, String what) {
        Objects.requireNonNull(name, what);
        Integer v = m.get(name);
        if (v == null) throw new IllegalArgumentException(what + " must be one of " + m.keySet() + ", not \"" + name + "\"");
        return v;
    }

    static int roleId(String name) {
        return lookup(ROLES, name, "role");
    }

    static int bindingId(String name) {
        return lookup(BINDINGS, name, "binding");
    }

    static int reasonId(String name) {
        return lookup(REASONS, name, "reason");
    }

    static long claimMask(Collection<String> names) {
        long mask = 0;
        for (String n : names) mask |= 1L << lookup(CLAIMS, n, "claim");
        return mask;
    }

    static List<String> claimNames(long mask) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : CLAIMS.entrySet())
            if ((mask >> e.getValue() & 1) != 0) out.add(e.getKey());
        return Collections.unmodifiableList(out);
    }

    static int claimId(String name) {
        return lookup(CLAIMS, name, "claim");
    }
}
