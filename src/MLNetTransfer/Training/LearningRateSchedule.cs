using System.Reflection;
using Microsoft.ML.Trainers;

namespace MLNetTransfer.Training;

/// <summary>
/// The learning rate of each step for one of ML.NET's schedulers (<see cref="ExponentialLRDecay"/>,
/// <see cref="PolynomialLRDecay"/>, <see cref="LsrDecay"/>), computed from their public settings with the formulas and
/// the float arithmetic of ML.NET's own implementation, which is internal. One schedule serves one training run.
/// </summary>
internal sealed class LearningRateSchedule
{
    private readonly Func<TrainStep, float> _rate;

    private LearningRateSchedule(Func<TrainStep, float> rate) => _rate = rate;

    /// <summary>The rate for this step.</summary>
    public float RateAt(TrainStep step) => _rate(step);

    /// <exception cref="NotSupportedException">A scheduler type this library does not know (from a newer ML.NET).</exception>
    public static LearningRateSchedule For(LearningRateScheduler scheduler) => scheduler switch
    {
        ExponentialLRDecay exponential => new(step => Exponential(exponential, step)),
        PolynomialLRDecay polynomial => new(step => Polynomial(polynomial, step)),
        LsrDecay lsr => Lsr(lsr.BaseLearningRate, LsrSchedule.Read(lsr)),
        _ => throw new NotSupportedException(
            $"LearningRateScheduler {scheduler.GetType().FullName} is not supported; use ExponentialLRDecay, PolynomialLRDecay or " +
            "LsrDecay (namespace Microsoft.ML.Trainers), or null for the constant LearningRate."),
    };

    /// <summary>
    /// <c>LearningRate * DecayRate ^ (globalStep / decaySteps)</c>, the exponent floored when Staircase is set. Like ML.NET,
    /// it writes the step and the decay length back into the scheduler's public GlobalStep and DecaySteps fields.
    /// </summary>
    private static float Exponential(ExponentialLRDecay decay, TrainStep step)
    {
        decay.DecaySteps = DecaySteps(decay.NumEpochsPerDecay, step);
        decay.GlobalStep = step.GlobalStep;
        float power = (float)decay.GlobalStep / decay.DecaySteps;
        if (decay.Staircase)
            power = MathF.Floor(power);
        return decay.LearningRate * (float)Math.Pow(decay.DecayRate, power);
    }

    /// <summary>
    /// <c>(LearningRate - EndLearningRate) * (1 - step / period) ^ Power + EndLearningRate</c>: without Cycle the step stops
    /// at the decay length; with it, past the first period the period stretches to the next multiple of the decay length.
    /// </summary>
    private static float Polynomial(PolynomialLRDecay decay, TrainStep step)
    {
        int decaySteps = DecaySteps(decay.NumEpochsPerDecay, step);
        int globalStep = step.GlobalStep;
        float fraction;
        if (decay.Cycle && globalStep > decaySteps)
        {
            float period = decaySteps * (float)Math.Ceiling((double)globalStep / decaySteps);
            fraction = globalStep / period;
        }
        else
        {
            fraction = Math.Min(globalStep, decaySteps) / (float)decaySteps;
        }
        return (decay.LearningRate - decay.EndLearningRate) * (float)Math.Pow(1 - fraction, decay.Power) + decay.EndLearningRate;
    }

    /// <summary>
    /// Linear scaling rule with step decay: <c>BaseLearningRate * batchSize / 128</c> times the factor of the first schedule
    /// item (largest start epoch first) whose start epoch the current epoch has reached; 1 when none has.
    /// </summary>
    private static LearningRateSchedule Lsr(float baseLearningRate, IReadOnlyList<LsrDecay.LearningRateSchedulerItem> items) => new(step =>
    {
        float factor = 1f;
        foreach (var item in items)
        {
            if (step.Epoch >= item.Epoch)
            {
                factor = item.ScalingFactor;
                break;
            }
        }
        return baseLearningRate * step.BatchSize / 128 * factor;
    });

    /// <summary>ML.NET's decay length in steps, in its float arithmetic; at least 1 where ML.NET would divide by zero.</summary>
    private static int DecaySteps(float numEpochsPerDecay, TrainStep step)
    {
        int samplesPerEpoch = step.BatchSize * step.BatchesPerEpoch;
        return Math.Max(1, (int)(samplesPerEpoch * numEpochsPerDecay / step.BatchSize));
    }

    /// <summary>
    /// LsrDecay's schedule. ML.NET takes it in the constructor but keeps it in a private field with no public getter, so
    /// it is read here, by reflection, in this one place: the schedule a program gives is the one it trains with. A
    /// future ML.NET that stores it differently gets a clear error rather than a silently different schedule.
    /// </summary>
    private static class LsrSchedule
    {
        private const string FieldName = "_lrSchedule";

        private static readonly FieldInfo? Field = typeof(LsrDecay).GetField(FieldName, BindingFlags.Instance | BindingFlags.NonPublic);

        public static IReadOnlyList<LsrDecay.LearningRateSchedulerItem> Read(LsrDecay decay)
        {
            if (Field?.GetValue(decay) is IReadOnlyList<LsrDecay.LearningRateSchedulerItem> items)
                return items.ToArray();
            if (Field is not null)
                throw new ArgumentException("LsrDecay was given a null schedule; pass the schedule items, largest start epoch first.");
            throw new NotSupportedException(
                $"This ML.NET version ({typeof(LsrDecay).Assembly.GetName().Version}) keeps LsrDecay's schedule where MLNetTransfer " +
                "cannot read it; use ExponentialLRDecay or PolynomialLRDecay, or an ML.NET 5.x package.");
        }
    }
}
