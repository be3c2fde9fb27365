package org.rtcsip.sidecar.config;

/** "did you mean port-max?" for a misspelt option, by edit distance over the catalog. */
final class Suggestion {

    private static final int MAX_DISTANCE = 2;

    private Suggestion() {
    }

    /** "; did you mean port-max?" or "" when nothing is close. */
    static String forKey(String unknown) {
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (OptionCatalog.OptionDef def : OptionCatalog.all()) {
            int d = distance(unknown, def.key());
            if (d < bestDistance) {
                best = def.key();
                bestDistance = d;
            }
        }
        return best == null ? "" : "; did you mean " + best + "?";
    }

    // Levenshtein distance; keys are short, two rows suffice.
    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > MAX_DISTANCE) {
            return MAX_DISTANCE + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
