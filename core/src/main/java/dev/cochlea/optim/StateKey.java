package dev.cochlea.optim;

/**
 * The name of one per-parameter state tensor in a state dict: "paramIndex.name" (e.g. "0.exp_avg"), PyTorch's
 * {@code optimizer.state_dict()["state"][index][name]} flattened into one safetensors key. Only the file boundary
 * ({@link Optimizer#stateDict()}, {@link Optimizer#loadStateDict}) spells keys; optimizers keep typed state.
 */
record StateKey(int param, String name) {

    /** The key for {@code text}, or null when it is not "index.name" with a non-negative integer index. */
    static StateKey parse(String text) {
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            return null;
        }
        try {
            int index = Integer.parseInt(text.substring(0, dot));
            return index < 0 ? null : new StateKey(index, text.substring(dot + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return param + "." + name;
    }
}
