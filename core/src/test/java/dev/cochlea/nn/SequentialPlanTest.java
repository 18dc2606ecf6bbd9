package dev.cochlea.nn;

import static dev.cochlea.Assertions2.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.Generator;
import dev.cochlea.Tensor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The training plan's fusion is an explicit step that summary() shows, and it never bypasses a custom forward. */
class SequentialPlanTest {

    @AfterEach
    void restoreFusion() {
        Sequential.setFusion(true);
    }

    /** Keeps BatchNorm1d's forward: may fuse. */
    static final class NamedNorm extends BatchNorm1d {
        NamedNorm(int channels) {
            super(channels);
        }
    }

    private static Sequential net(BatchNorm1d norm) {
        return new Sequential(
                new Conv1d(1, 4, 3, false), norm, new ReLU(), new MaxPool1d(2), new Flatten(), new Linear(4 * 9, 2));
    }

    @Test
    void batchNormReluMaxPoolIsOneNamedStep() {
        Sequential model = net(new BatchNorm1d(4));
        List<Sequential.Step> plan = model.plan();
        assertEquals(4, plan.size());
        assertInstanceOf(BatchNormReluMaxPool.class, plan.get(1));
        assertEquals(1, plan.get(1).first());
        assertEquals(3, plan.get(1).count());
        String summary = model.summary(2, 1, 20);
        assertTrue(summary.contains("fused BatchNorm1d -> ReLU -> MaxPool1d (layers 1-3)"), summary);
        assertTrue(model.summary().contains("1-3     fused BatchNorm1d -> ReLU -> MaxPool1d"), model.summary());
        Sequential.setFusion(false);
        assertEquals(6, model.plan().size());
        assertFalse(model.summary(2, 1, 20).contains("fused"));
    }

    @Test
    void subclassesFuseOnlyWhenTheyKeepTheForward() {
        assertInstanceOf(
                BatchNormReluMaxPool.class, net(new NamedNorm(4)).plan().get(1));
        Sequential custom = net(new ShiftedNorm(4));
        assertEquals(6, custom.plan().size(), "a BatchNorm1d with its own forward is not fused");
        Generator.manualSeed(3);
        Sequential a = net(new ShiftedNorm(4));
        Sequential.setFusion(false);
        Tensor x = Tensor.uniform(a.parameters().get(0).backend(), new Generator(1), -1, 1, 3, 1, 20);
        Tensor unfused = a.forward(x);
        Sequential.setFusion(true);
        Generator.manualSeed(3);
        Sequential b = net(new ShiftedNorm(4));
        assertClose(unfused, b.forward(x), 1e-6, "the custom forward ran");
    }

    @Test
    void addingALayerRebuildsThePlan() {
        Sequential model = new Sequential(new Conv1d(1, 2, 3), new BatchNorm1d(2), new ReLU());
        assertEquals(3, model.plan().size());
        model.add(new MaxPool1d(2));
        assertEquals(2, model.plan().size());
    }
}
