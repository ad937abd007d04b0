using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace MLNetTransfer.Training;

/// <summary>
/// Softmax-regression parameters and their mini-batch SGD update: gradient of the batch-mean cross-entropy (with label
/// smoothing and class weights), plus L2 on the weights, then momentum as an average of gradients:
/// <c>v = μv + (1 - μ)g; w -= lr·v</c>. Damping by (1 - μ) keeps the step size of plain SGD at the same rate, so
/// LearningRate means what it means in Vision (which used plain SGD) while momentum only smooths mini-batch noise.
/// Weights start at zero: the loss is convex, so no random start is needed and the seed only drives the order of samples.
/// </summary>
internal sealed class SoftmaxSgd
{
    private readonly int _classCount;
    private readonly int _featureCount;
    private readonly float _momentum;
    private readonly float _l2;
    private readonly float _smoothing;
    private readonly float[]? _classWeights;
    private readonly float[] _weightGradient;
    private readonly float[] _biasGradient;
    private readonly float[] _weightVelocity;
    private readonly float[] _biasVelocity;
    private readonly float[] _scores;

    public SoftmaxSgd(int classCount, int featureCount, HeadTrainingOptions options)
    {
        _classCount = classCount;
        _featureCount = featureCount;
        _momentum = options.Momentum;
        _l2 = options.L2Regularization;
        _smoothing = options.LabelSmoothing;
        _classWeights = options.ClassWeights;
        Weights = new float[classCount * featureCount];
        Bias = new float[classCount];
        _weightGradient = new float[Weights.Length];
        _biasGradient = new float[classCount];
        _weightVelocity = new float[Weights.Length];
        _biasVelocity = new float[classCount];
        _scores = new float[classCount];
    }

    /// <summary>Row-major [classCount, featureCount], on the features the rows hold.</summary>
    public float[] Weights { get; }

    public float[] Bias { get; }

    /// <summary>
    /// One update from the rows at <paramref name="batch"/>; adds each row's accuracy and plain cross-entropy, computed
    /// before the update (as Vision's batch metrics are), to <paramref name="running"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(LabeledRows rows, ReadOnlySpan<int> batch, float learningRate, ref SetMetrics.Accumulator running)
    {
        Array.Clear(_weightGradient);
        Array.Clear(_biasGradient);
        float perRow = 1f / batch.Length;
        float offTarget = _smoothing / _classCount;
        float onTarget = 1f - _smoothing + offTarget;

        foreach (int index in batch)
        {
            var x = rows.Row(index);
            int label = rows.Labels[index];
            DenseKernels.Logits(Weights, Bias, x, _scores);
            running.Add(_scores, label);  // leaves probabilities in _scores

            float scale = perRow * (_classWeights?[label] ?? 1f);
            for (int k = 0; k < _classCount; k++)
            {
                // d(cross-entropy)/d(logit_k) = p_k - target_k.
                float g = scale * (_scores[k] - (k == label ? onTarget : offTarget));
                DenseKernels.AddScaled(x, g, _weightGradient.AsSpan(k * _featureCount, _featureCount));
                _biasGradient[k] += g;
            }
        }

        if (_l2 != 0f)
            TensorPrimitives.MultiplyAdd(Weights, _l2, _weightGradient, _weightGradient);
        Update(Weights, _weightVelocity, _weightGradient, learningRate);
        Update(Bias, _biasVelocity, _biasGradient, learningRate);
    }

    // Element-wise only, so TensorPrimitives' vectorization cannot change the bits between runs. Overwrites the gradient.
    private void Update(Span<float> parameters, Span<float> velocity, Span<float> gradient, float learningRate)
    {
        TensorPrimitives.Multiply(gradient, 1f - _momentum, gradient);
        TensorPrimitives.MultiplyAdd(velocity, _momentum, gradient, velocity);
        TensorPrimitives.MultiplyAdd(velocity, -learningRate, parameters, parameters);
    }
}
