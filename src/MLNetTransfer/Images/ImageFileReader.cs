namespace MLNetTransfer.Images;

/// <summary>Reads an image file's bytes, turning every I/O failure into a reason a user can act on.</summary>
public static class ImageFileReader
{
    public static byte[] ReadAllBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new ImageDecodeException("the file does not exist");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ImageDecodeException("its folder does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            throw new ImageDecodeException("permission denied: the file cannot be read");
        }
        catch (IOException e)
        {
            throw new ImageDecodeException($"the file cannot be read ({e.Message})", e);
        }
    }
}
