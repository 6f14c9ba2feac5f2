package io.paxsim.history;

import java.util.List;

/** Small helpers shared by the value types. */
final class Values {
    private Values() {
    }

    static String join(String open, List<?> items, String close) {
        StringBuilder sb = new StringBuilder(open);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(items.get(i));
        }
        return sb.append(close).toString();
    }
}
